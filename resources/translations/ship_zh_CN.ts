<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AboutDialog</name>
    <message>
      <location filename="../../ui/help.py" line="122" />
      <source>About RelocDesk</source>
      <translation>关于安置社区工作台</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="144" />
      <source>Resettlement community desk</source>
      <translation>安置社区后续扶持工作台</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="146" />
      <source>Version</source>
      <translation>版本</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="147" />
      <source>Data folder</source>
      <translation>数据文件夹</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="148" />
      <source>County server</source>
      <translation>县服务器</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="148" />
      <source>not enrolled</source>
      <translation>未登记</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="149" />
      <source>Device</source>
      <translation>本机编号</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="151" />
      <source>Fonts</source>
      <translation>字体</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="152" />
      <source>Libraries</source>
      <translation>软件库</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="154" />
      <source>The licence texts are in the program folder: resources/fonts.</source>
      <translation>许可证全文在程序文件夹的 resources/fonts 中。</translation>
    </message>
  </context>
  <context>
    <name>BackupsBox</name>
    <message>
      <location filename="../../ui/views/backups_box.py" line="104" />
      <source>Daily</source>
      <translation>每日</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="105" />
      <source>Weekly</source>
      <translation>每周</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="106" />
      <source>Taken by hand</source>
      <translation>手动备份</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="107" />
      <source>Kept before a restore</source>
      <translation>恢复前另存</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="124" />
      <source>Backed up to %1</source>
      <translation>已备份到 %1</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="141" />
      <source>Restore a backup</source>
      <translation>从备份恢复</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="143" />
      <source>Put back the data as it was on %1? Everything saved on this computer since then is replaced. The current data is kept aside first, so nothing is lost.</source>
      <translation>把数据恢复到 %1 时的样子吗？此后在这台电脑上保存的内容都会被替换。恢复前会先另存当前数据，不会丢失。</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="160" />
      <source>Restored. The data from before is kept as %1. Integrity check: %2.</source>
      <translation>已恢复。恢复前的数据另存为 %1。完整性检查：%2。</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="164" />
      <source>passed</source>
      <translation>通过</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="166" />
      <source>The next sync checks with the county server and sends what it lacks.</source>
      <translation>下次同步时将与县服务器核对，并补传服务器缺少的记录。</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="187" />
      <source>Backups</source>
      <translation>备份</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="189" />
      <source>A copy of the data is kept every day (the last 7 days) and every week (the last 4 weeks), in the backups folder inside the data folder.</source>
      <translation>每天保留一份数据备份（最近 7 天），每周保留一份（最近 4 周），存放在数据目录下的备份文件夹中。</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="194" />
      <source>Taken</source>
      <translation>备份时间</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="194" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="194" />
      <source>Size</source>
      <translation>大小</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="195" />
      <source>Back up now</source>
      <translation>立即备份</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="196" />
      <source>Restore the selected backup…</source>
      <translation>从选中的备份恢复…</translation>
    </message>
    <message>
      <location filename="../../ui/views/backups_box.py" line="197" />
      <source>Open backups folder</source>
      <translation>打开备份文件夹</translation>
    </message>
  </context>
  <context>
    <name>HelpButton</name>
    <message>
      <location filename="../../ui/help.py" line="198" />
      <source>Help</source>
      <translation>帮助</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="199" />
      <source>Help for this screen (F1)</source>
      <translation>本页帮助（F1）</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="200" />
      <source>Keyboard shortcuts</source>
      <translation>快捷键</translation>
    </message>
    <message>
      <location filename="../../ui/help.py" line="201" />
      <source>About RelocDesk</source>
      <translation>关于</translation>
    </message>
  </context>
  <context>
    <name>HelpDialog</name>
    <message>
      <location filename="../../ui/help.py" line="85" />
      <source>Help — %1</source>
      <translation>帮助 — %1</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="207" />
      <source>A newer version (%1) is available: %2</source>
      <translation>有新版本（%1）可以安装，下载地址：%2</translation>
    </message>
  </context>
  <context>
    <name>keys</name>
    <message>
      <location filename="../../ui/keys.py" line="53" />
      <source>Undone: the values from before the save are back</source>
      <translation>已撤销：已恢复保存前的内容</translation>
    </message>
    <message>
      <location filename="../../ui/keys.py" line="65" />
      <source>Undo</source>
      <translation>撤销</translation>
    </message>
  </context>
</TS>
