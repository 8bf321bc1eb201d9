<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>HouseholdDetail</name>
    <message>
      <source>Change</source>
      <translation>变动</translation>
    </message>
    <message>
      <source>Employment history</source>
      <translation>就业变动</translation>
    </message>
    <message>
      <source>Job</source>
      <translation>岗位</translation>
    </message>
    <message>
      <source>Place of work</source>
      <translation>务工地点</translation>
    </message>
    <message>
      <source>Source</source>
      <translation>来源</translation>
    </message>
  </context>
  <context>
    <name>TodayPage</name>
    <message>
      <source>Households with warnings (%1 red, %2 yellow)</source>
      <translation>有预警的户（红色 %1 户，黄色 %2 户）</translation>
    </message>
  </context>
  <context>
    <name>WarningHouseholds</name>
    <message>
      <source>(community)</source>
      <translation>（社区）</translation>
    </message>
    <message>
      <source>Address</source>
      <translation>住址</translation>
    </message>
    <message>
      <source>Areas</source>
      <translation>领域</translation>
    </message>
    <message>
      <source>Building head</source>
      <translation>楼栋长</translation>
    </message>
    <message>
      <source>Household</source>
      <translation>户号</translation>
    </message>
    <message>
      <source>In handling</source>
      <translation>交办中</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>等级</translation>
    </message>
    <message>
      <source>Red</source>
      <translation>红色</translation>
    </message>
    <message>
      <source>Warnings</source>
      <translation>预警数</translation>
    </message>
    <message>
      <source>What</source>
      <translation>预警事项</translation>
    </message>
    <message>
      <source>Yellow</source>
      <translation>黄色</translation>
    </message>
    <message>
      <source>and %1 more</source>
      <translation>另有 %1 项</translation>
    </message>
  </context>
  <context>
    <name>WarningsPage</name>
    <message>
      <source>%1 households (%2 with red warnings), </source>
      <translation>%1 户（其中 %2 户有红色预警），</translation>
    </message>
    <message>
      <source>%1 needs made, %2 already in handling</source>
      <translation>已生成 %1 条诉求，%2 条已在办理中</translation>
    </message>
    <message>
      <source>Building head</source>
      <translation>楼栋长</translation>
    </message>
    <message>
      <source>By household</source>
      <translation>按户归并</translation>
    </message>
    <message>
      <source>Hand over as a need</source>
      <translation>交办为诉求</translation>
    </message>
    <message>
      <source>Hand over the household's warnings</source>
      <translation>本户预警交办</translation>
    </message>
    <message>
      <source>Handling</source>
      <translation>交办</translation>
    </message>
    <message>
      <source>In handling: %1</source>
      <translation>办理中：%1</translation>
    </message>
  </context>
</TS>
