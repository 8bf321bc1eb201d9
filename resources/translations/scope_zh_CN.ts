<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>MyBuildings</name>
    <message>
      <location filename="../../ui/views/my_buildings.py" line="1" />
      <source>My buildings</source>
      <translation>我的楼栋</translation>
    </message>
    <message>
      <location filename="../../ui/views/my_buildings.py" line="1" />
      <source>No building is assigned to you yet: ask the community office.</source>
      <translation>还没有分配给您的楼栋，请联系社区办公室。</translation>
    </message>
    <message>
      <location filename="../../ui/views/my_buildings.py" line="1" />
      <source>Building %1: %2 households, %3 people, %4 looking for work</source>
      <translation>楼栋 %1：%2 户，%3 人，%4 人待就业</translation>
    </message>
    <message>
      <location filename="../../ui/views/my_buildings.py" line="1" />
      <source>, %1 with warnings</source>
      <translation>，%1 户有预警</translation>
    </message>
    <message>
      <location filename="../../ui/views/my_buildings.py" line="1" />
      <source>%1 (building head), %2 households in all</source>
      <translation>%1（楼栋长），共 %2 户</translation>
    </message>
  </context>
</TS>
