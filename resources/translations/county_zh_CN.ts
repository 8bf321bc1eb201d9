<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>SettingsPage</name>
    <message>
      <source>Set by the county</source>
      <translation>县里统一设定</translation>
    </message>
    <message>
      <source>%1: %2 (catalogue: %3)</source>
      <translation>%1：%2（指标目录默认：%3）</translation>
    </message>
    <message>
      <source>Nothing: this desk's own values apply</source>
      <translation>无：使用本机自己的设置</translation>
    </message>
    <message>
      <source>The county set this line; it applies on every desk.</source>
      <translation>此监测线由县里统一设定，所有电脑都按此执行。</translation>
    </message>
  </context>
</TS>
