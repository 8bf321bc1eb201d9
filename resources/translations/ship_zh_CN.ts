<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="199" />
      <source>A newer version (%1) is available: %2</source>
      <translation>有新版本（%1）可以安装，下载地址：%2</translation>
    </message>
  </context>
</TS>
