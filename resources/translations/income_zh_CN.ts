<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>IncomeBox</name>
    <message>
      <location filename="../../ui/views/income_box.py" line="121" />
      <source>Whole community</source>
      <translation>全社区</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="123" />
      <source>No building</source>
      <translation>未分配楼栋</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="124" />
      <source>Building %1</source>
      <translation>%1 栋</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="128" />
      <source>Scope</source>
      <translation>范围</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="129" />
      <source>Households with income recorded</source>
      <translation>有收入记录户数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="130" />
      <source>People</source>
      <translation>人数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="131" />
      <source>Per-capita net income (yuan)</source>
      <translation>人均纯收入（元）</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="132" />
      <source>Wages (share)</source>
      <translation>工资性占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="133" />
      <source>Business (share)</source>
      <translation>生产经营性占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="134" />
      <source>Transfers (share)</source>
      <translation>转移性占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="135" />
      <source>Property (share)</source>
      <translation>财产性占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="136" />
      <source>Growth on last year</source>
      <translation>较上年增长</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="137" />
      <source>Below the line</source>
      <translation>低于监测线户数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="138" />
      <source>Near the line</source>
      <translation>接近监测线户数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="156" />
      <source>Income: %1</source>
      <translation>收入情况：%1</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="160" />
      <source>Households below the monitoring line</source>
      <translation>低于监测线户数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="161" />
      <source>Households near the monitoring line</source>
      <translation>接近监测线户数</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="162" />
      <source>Share of wages</source>
      <translation>工资性收入占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="163" />
      <source>Share of business income</source>
      <translation>生产经营性收入占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="164" />
      <source>Share of transfers</source>
      <translation>转移性收入占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="165" />
      <source>Share of property income</source>
      <translation>财产性收入占比</translation>
    </message>
    <message>
      <location filename="../../ui/views/income_box.py" line="172" />
      <source>Over the households with income recorded: total income over their members. Monitoring line %1 yuan per person a year; near it: less than %2% above it. Growth compares the households that have last year's total.</source>
      <translation>按有收入记录的户计算：收入合计除以其人数。监测线为每人每年 %1 元；接近监测线：高出监测线不足 %2%。增长率只比较有上年收入的户。</translation>
    </message>
  </context>
</TS>
