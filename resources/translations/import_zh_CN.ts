<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>NewHouseholdDialog</name>
    <message>
      <location filename="../../ui/dialogs/household_new.py" line="48" />
      <source>Add a household</source>
      <translation>新增住户</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/household_new.py" line="50" />
      <source>Building</source>
      <translation>楼栋</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/household_new.py" line="51" />
      <source>Head's name</source>
      <translation>户主姓名</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/household_new.py" line="52" />
      <source>Head's ID number</source>
      <translation>户主身份证号码</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/household_new.py" line="53" />
      <source>Household phone</source>
      <translation>家庭电话</translation>
    </message>
  </context>
  <context>
    <name>FirstSteps</name>
    <message>
      <location filename="../../ui/views/today.py" line="340" />
      <source>This community has no households yet, so there is nothing to do today. Import the roster the office keeps in Excel, or add the households one by one.</source>
      <translation>本社区还没有住户，今天没有待办事项。请导入社区保存的 Excel 花名册，或逐户录入。</translation>
    </message>
    <message>
      <location filename="../../ui/views/today.py" line="346" />
      <source>Import a roster…</source>
      <translation>导入花名册…</translation>
    </message>
    <message>
      <location filename="../../ui/views/today.py" line="347" />
      <source>Add a household…</source>
      <translation>新增住户…</translation>
    </message>
  </context>
</TS>
