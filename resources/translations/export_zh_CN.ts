<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>export</name>
    <message>
      <location filename="../../ui/views/audit.py" line="216" />
      <source>Audit trail</source>
      <translation>审计记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="29" />
      <source>People</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/views/referrals.py" line="328" />
      <source>Referrals</source>
      <translation>推荐就业</translation>
    </message>
    <message>
      <location filename="../../ui/views/visits_needs.py" line="308" />
      <source>Visits</source>
      <translation>走访</translation>
    </message>
    <message>
      <location filename="../../ui/views/visits_needs.py" line="317" />
      <source>Needs</source>
      <translation>诉求</translation>
    </message>
    <message>
      <location filename="../../ui/views/warnings.py" line="378" />
      <source>Warned households</source>
      <translation>预警住户</translation>
    </message>
    <message>
      <location filename="../../ui/views/warnings.py" line="380" />
      <source>Warnings</source>
      <translation>预警</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="54" />
      <source>Export to Excel (Ctrl+E)</source>
      <translation>导出 Excel（Ctrl+E）</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="55" />
      <source>Save the list as it is shown, filtered and sorted, to Excel</source>
      <translation>把当前显示的列表（按当前筛选和排序）保存为Excel</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="61" />
      <source>Export the list to Excel</source>
      <translation>导出列表到Excel</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="63" />
      <source>Excel workbook (*.xlsx)</source>
      <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="141" />
      <source>%1 rows exported to %2</source>
      <translation>已导出 %1 行到 %2</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="153" />
      <source>Export cancelled: nothing was written</source>
      <translation>导出已取消：没有写入任何文件</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="162" />
      <source>Could not export</source>
      <translation>无法导出</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_export.py" line="167" />
      <source>Exporting the list…</source>
      <translation>正在导出列表…</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="109" />
      <source>Households</source>
      <translation>住户</translation>
    </message>
  </context>
</TS>
