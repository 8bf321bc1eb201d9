<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>AuditPage</name>
    <message>
      <location filename="../../ui/views/audit.py" line="240" />
      <source>Who looked</source>
      <translation>查看人</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="243" />
      <source>Person looked at</source>
      <translation>被查看人</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="248" />
      <source>Name or ID number of the person looked at</source>
      <translation>被查看人的姓名或身份证号</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="149" />
      <source>Everyone</source>
      <translation>所有人</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="157" />
      <source>Every kind</source>
      <translation>所有类别</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="171" />
      <source>%1 looks at personal data</source>
      <translation>共 %1 次查看个人信息</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="173" />
      <source>(the newest %1; narrow the filters to see older ones)</source>
      <translation>（仅显示最近 %1 条；缩小筛选范围可查看更早的记录）</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="185" />
      <source>Export the audit trail</source>
      <translation>导出审计记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="189" />
      <source>Audit trail</source>
      <translation>审计记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="193" />
      <source>%1 rows written to %2</source>
      <translation>已导出 %1 条到 %2</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="205" />
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="206" />
      <source>Who</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="207" />
      <source>Kind</source>
      <translation>类别</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="208" />
      <source>Whose</source>
      <translation>对象</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="209" />
      <source>Detail</source>
      <translation>说明</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="223" />
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="223" />
      <source>Household</source>
      <translation>住户</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="226" />
      <source>Household number or room</source>
      <translation>户号或房号</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="227" />
      <source>From</source>
      <translation>从</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="228" />
      <source>To</source>
      <translation>到</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="229" />
      <source>Search</source>
      <translation>查询</translation>
    </message>
    <message>
      <location filename="../../ui/views/audit.py" line="230" />
      <source>Export to Excel…</source>
      <translation>导出到 Excel…</translation>
    </message>
  </context>
  <context>
    <name>LockScreen</name>
    <message>
      <location filename="../../ui/lock.py" line="183" />
      <source>Sign in</source>
      <translation>登录</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="184" />
      <source>Make your account</source>
      <translation>创建您的账号</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="185" />
      <source>Locked</source>
      <translation>已锁定</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="190" />
      <source>%1 is signed in. Enter the PIN to go on.</source>
      <translation>当前登录：%1。请输入 PIN 继续。</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="196" />
      <source>Each person using this laptop signs in, so that what is seen and done is recorded under their name. Choose a PIN of at least 4 digits, or a password of at least 6 characters.</source>
      <translation>每位使用这台电脑的人都要登录，查看和操作都记在本人名下。请设置至少 4 位数字的 PIN，或至少 6 个字符的密码。</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="203" />
      <source>Who is working? Choose your name and enter your PIN.</source>
      <translation>谁在使用？请选择您的姓名并输入 PIN。</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="204" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="206" />
      <source>PIN</source>
      <translation>PIN</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="207" />
      <source>PIN again</source>
      <translation>再输一次 PIN</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="208" />
      <source>Unlock</source>
      <translation>解锁</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="209" />
      <source>Sign in as someone else</source>
      <translation>换一个人登录</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="289" />
      <source>The two PINs are not the same.</source>
      <translation>两次输入的 PIN 不一致。</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="342" />
      <source>You may try again now.</source>
      <translation>现在可以再试了。</translation>
    </message>
    <message>
      <location filename="../../ui/lock.py" line="348" />
      <source>Next try in %1 s</source>
      <translation>%1 秒后可再试</translation>
    </message>
  </context>
  <context>
    <name>SettingsPage</name>
    <message>
      <location filename="../../ui/views/settings.py" line="186" />
      <source>Signed in</source>
      <translation>当前登录</translation>
    </message>
    <message>
      <location filename="../../ui/views/settings.py" line="187" />
      <source>Nobody is signed in</source>
      <translation>无人登录</translation>
    </message>
    <message>
      <location filename="../../ui/views/settings.py" line="188" />
      <source>Lock now (Ctrl+L)</source>
      <translation>立即锁定（Ctrl+L）</translation>
    </message>
    <message>
      <location filename="../../ui/views/settings.py" line="189" />
      <source>Lock after minutes without use</source>
      <translation>无操作多少分钟后锁定</translation>
    </message>
  </context>
  <context>
    <name>actions</name>
    <message>
      <location filename="../../ui/views/household_actions.py" line="123" />
      <source>Full ID number</source>
      <translation>完整身份证号</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="124" />
      <source>(no ID number recorded)</source>
      <translation>（未登记身份证号）</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="125" />
      <source>This look is recorded in the audit trail.</source>
      <translation>本次查看已记入审计记录。</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="167" />
      <source>Show full ID number…</source>
      <translation>显示完整身份证号…</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <location filename="../../ui/pages.py" line="70" />
      <source>Audit</source>
      <translation>审计记录</translation>
    </message>
  </context>
</TS>
