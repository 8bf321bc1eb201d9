<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>HouseholdDetail</name>
    <message>
      <source>Provider</source>
      <translation>培训机构</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结业情况</translation>
    </message>
  </context>
  <context>
    <name>PersonEditDialog</name>
    <message>
      <source>Trainings</source>
      <translation>培训记录</translation>
    </message>
  </context>
  <context>
    <name>TrainingDialog</name>
    <message>
      <source>Add a training</source>
      <translation>新增培训记录</translation>
    </message>
    <message>
      <source>Edit training</source>
      <translation>修改培训记录</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <source>Add training…</source>
      <translation>新增培训…</translation>
    </message>
    <message>
      <source>Edit training…</source>
      <translation>修改培训…</translation>
    </message>
    <message>
      <source>Remove training</source>
      <translation>删除培训记录</translation>
    </message>
    <message>
      <source>Remove the training %1 of %2?</source>
      <translation>删除%2的培训记录“%1”？</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <source>Training course</source>
      <translation>培训项目</translation>
    </message>
    <message>
      <source>Training provider</source>
      <translation>培训机构</translation>
    </message>
    <message>
      <source>Start date</source>
      <translation>培训开始日期</translation>
    </message>
    <message>
      <source>End date</source>
      <translation>培训结束日期</translation>
    </message>
    <message>
      <source>Certificate</source>
      <translation>证书</translation>
    </message>
    <message>
      <source>Result</source>
      <translation>结业情况</translation>
    </message>
  </context>
</TS>
