<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>fields</name>
    <message>
      <source>Monitoring type</source>
      <translation>监测对象类型</translation>
    </message>
    <message>
      <source>Risk type</source>
      <translation>风险类型</translation>
    </message>
    <message>
      <source>Housing safety</source>
      <translation>住房安全</translation>
    </message>
    <message>
      <source>Drinking-water safety</source>
      <translation>饮水安全</translation>
    </message>
    <message>
      <source>3+1 guarantees checked on</source>
      <translation>“3+1”保障核查日期</translation>
    </message>
    <message>
      <source>Child in difficulty</source>
      <translation>困境儿童</translation>
    </message>
    <message>
      <source>Elderly in difficulty</source>
      <translation>困难老人</translation>
    </message>
  </context>
  <context>
    <name>filters</name>
    <message>
      <source>Children in difficulty</source>
      <translation>困境儿童</translation>
    </message>
    <message>
      <source>Elderly in difficulty</source>
      <translation>困难老人</translation>
    </message>
    <message>
      <source>Unstable formerly poor</source>
      <translation>脱贫不稳定户</translation>
    </message>
    <message>
      <source>Marginal, at risk</source>
      <translation>边缘易致贫户</translation>
    </message>
    <message>
      <source>Sudden severe hardship</source>
      <translation>突发严重困难户</translation>
    </message>
  </context>
  <context>
    <name>groups</name>
    <message>
      <source>child in difficulty</source>
      <translation>困境儿童</translation>
    </message>
    <message>
      <source>elderly in difficulty</source>
      <translation>困难老人</translation>
    </message>
  </context>
</TS>
