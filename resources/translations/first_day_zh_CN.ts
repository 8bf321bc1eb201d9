<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>FirstRunDialog</name>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="168" />
      <source>Welcome to RelocDesk</source>
      <translation>欢迎使用 RelocDesk</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="170" />
      <source>There is no community on this computer yet. How do you want to start?</source>
      <translation>这台电脑上还没有社区。请选择从哪里开始：</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="172" />
      <source>Start a new community</source>
      <translation>新建社区</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="174" />
      <source>An empty community: bring in the households from a roster (Import / export) or add them by hand.</source>
      <translation>一个空的社区：住户从花名册导入（“导入导出”页），或逐户录入。</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="179" />
      <source>Open the demo community</source>
      <translation>打开演示社区</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="181" />
      <source>%1 made-up households, to try RelocDesk out. Not for real work.</source>
      <translation>%1 户虚构住户，用于试用 RelocDesk，不可用于实际工作。</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="185" />
      <source>Enroll with the county server</source>
      <translation>登记到县服务器</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="187" />
      <source>The community already exists on the county server: its data comes down after you sign in on the Sync page.</source>
      <translation>社区已在县服务器上建立：在“同步”页登录后，社区数据会下载到本机。</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="193" />
      <source>Community name *</source>
      <translation>社区名称 *</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="194" />
      <source>County *</source>
      <translation>所属县（市、区）*</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="195" />
      <source>Township / subdistrict</source>
      <translation>乡镇（街道）</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="196" />
      <source>Address</source>
      <translation>地址</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="200" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/first_run.py" line="201" />
      <source>Quit</source>
      <translation>退出</translation>
    </message>
  </context>
  <context>
    <name>NeedSteps</name>
    <message>
      <location filename="../../ui/views/need_steps.py" line="84" />
      <source>Assign…</source>
      <translation>指派…</translation>
    </message>
    <message>
      <location filename="../../ui/views/need_steps.py" line="85" />
      <source>Start handling</source>
      <translation>开始办理</translation>
    </message>
    <message>
      <location filename="../../ui/views/need_steps.py" line="86" />
      <source>Resolve…</source>
      <translation>办结…</translation>
    </message>
    <message>
      <location filename="../../ui/views/need_steps.py" line="87" />
      <source>Household confirms…</source>
      <translation>群众确认销号…</translation>
    </message>
    <message>
      <location filename="../../ui/views/need_steps.py" line="88" />
      <source>Reopen…</source>
      <translation>重新办理…</translation>
    </message>
  </context>
</TS>
