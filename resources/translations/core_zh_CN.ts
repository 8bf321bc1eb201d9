<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
  <context>
    <name>HouseholdDetail</name>
    <message>
      <location filename="../../ui/views/household_detail.py" line="238" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="239" />
      <source>Relation</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="240" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="241" />
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="242" />
      <source>ID number</source>
      <translation>身份证号码</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="243" />
      <source>Employment</source>
      <translation>就业状况</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="244" />
      <source>Employer</source>
      <translation>就业单位</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="245" />
      <source>Schooling</source>
      <translation>就学</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="246" />
      <source>Insurance</source>
      <translation>参保</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="247" />
      <source>Special groups</source>
      <translation>特殊群体</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="248" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="288" />
      <source>Date</source>
      <translation>日期</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="289" />
      <source>Person</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="291" />
      <source>Position</source>
      <translation>岗位</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="292" />
      <source>Kind</source>
      <translation>类型</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="293" />
      <source>Wage offered</source>
      <translation>工资待遇</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="294" />
      <source>Outcome</source>
      <translation>结果</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="297" />
      <source>Visitor</source>
      <translation>走访人</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="297" />
      <source>Met</source>
      <translation>见到</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="297" />
      <source>Notes</source>
      <translation>记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="300" />
      <source>Raised</source>
      <translation>提出日期</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="301" />
      <source>Category</source>
      <translation>类别</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="302" />
      <source>Description</source>
      <translation>内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="303" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="304" />
      <source>Assignee</source>
      <translation>责任人</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="305" />
      <source>Due</source>
      <translation>期限</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="306" />
      <source>Resolution</source>
      <translation>办理结果</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="310" />
      <source>Course</source>
      <translation>课程</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="310" />
      <source>Start</source>
      <translation>开始</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="310" />
      <source>End</source>
      <translation>结束</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="310" />
      <source>Certificate</source>
      <translation>证书</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="312" />
      <source>When</source>
      <translation>时间</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="312" />
      <source>Record</source>
      <translation>对象</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="312" />
      <source>Changed fields</source>
      <translation>修改内容</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="312" />
      <source>State</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="314" />
      <source>Members</source>
      <translation>家庭成员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="315" />
      <source>Referrals</source>
      <translation>就业推荐</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="316" />
      <source>Visits</source>
      <translation>走访记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="317" />
      <source>Needs</source>
      <translation>诉求</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="318" />
      <source>Trainings</source>
      <translation>技能培训</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="319" />
      <source>History</source>
      <translation>修改记录</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="359" />
      <source>This household no longer exists.</source>
      <translation>此户已不存在。</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="477" />
      <source>Household</source>
      <translation>家庭情况</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="480" />
      <source>Member</source>
      <translation>成员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="484" />
      <source>created</source>
      <translation>新建</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="485" />
      <source>not yet sent</source>
      <translation>尚未上传</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="560" />
      <source>Remove member</source>
      <translation>移除成员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="561" />
      <source>Remove %1 from this household? The record is kept in the history and can be restored by the county.</source>
      <translation>确定将 %1 从本户移除吗？记录会保留在历史中，县里可以恢复。</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="576" />
      <source>Select a member first.</source>
      <translation>请先选择一名成员。</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="584" />
      <source>Edit household</source>
      <translation>修改户信息</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="586" />
      <source>Income this year</source>
      <translation>本年收入</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="588" />
      <source>Room</source>
      <translation>房号</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="589" />
      <source>Flags</source>
      <translation>标识</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="590" />
      <source>Origin</source>
      <translation>迁出地</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="591" />
      <source>Total</source>
      <translation>合计</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="592" />
      <source>Per capita</source>
      <translation>人均</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="597" />
      <source>Add member</source>
      <translation>添加成员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="598" />
      <source>Edit member</source>
      <translation>修改成员</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="599" />
      <source>Move to another household</source>
      <translation>迁到其他户</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="659" />
      <source>Find the household %1 moves to (room, name or household no.):</source>
      <translation>查找 %1 要迁入的户（房号、姓名或户编号）：</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_detail.py" line="690" />
      <source>Choose a household first.</source>
      <translation>请先选择一户。</translation>
    </message>
  </context>
  <context>
    <name>HouseholdEditDialog</name>
    <message>
      <location filename="../../ui/dialogs/household_edit.py" line="69" />
      <source>Edit household</source>
      <translation>修改户信息</translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <location filename="../../ui/main_window.py" line="164" />
      <source>Not enrolled</source>
      <translation>未注册设备</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="166" />
      <source>Online</source>
      <translation>在线</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="166" />
      <source>Offline</source>
      <translation>离线</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="168" />
      <source>Unsent changes: %1</source>
      <translation>未上传的修改：%1</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="173" />
      <source>Last sync: %1</source>
      <translation>上次同步：%1</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="173" />
      <source>never</source>
      <translation>从未</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="175" />
      <source>Conflicts: %1</source>
      <translation>冲突：%1</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="275" />
      <source>RelocDesk — resettlement community desk</source>
      <translation>安置社区工作台</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="279" />
      <source>Back</source>
      <translation>返回</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="280" />
      <source>Back to the previous screen (Alt+Left)</source>
      <translation>返回上一个页面（Alt+左方向键）</translation>
    </message>
    <message>
      <location filename="../../ui/main_window.py" line="281" />
      <source>Language</source>
      <translation>语言</translation>
    </message>
  </context>
  <context>
    <name>PersonEditDialog</name>
    <message>
      <location filename="../../ui/dialogs/person_edit.py" line="148" />
      <source>Add a household member</source>
      <translation>添加家庭成员</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/person_edit.py" line="150" />
      <source>Edit household member</source>
      <translation>修改家庭成员</translation>
    </message>
    <message>
      <location filename="../../ui/dialogs/person_edit.py" line="152" />
      <source>Health details (disability grade, serious illness, severe disability) are kept by community staff: this device is enrolled for a building head, and the county server neither sends them to building heads nor accepts changes to them from one.</source>
      <translation>健康信息（残疾等级、大病、重度残疾）由社区工作人员填写：本设备登记为楼栋长使用，县服务器不向楼栋长发送这些信息，也不接受楼栋长对它们的修改。</translation>
    </message>
  </context>
  <context>
    <name>PlaceholderPage</name>
    <message>
      <location filename="../../ui/widgets/placeholder.py" line="24" />
      <source>%1: this screen is not available yet.</source>
      <translation>%1：此功能尚未提供。</translation>
    </message>
  </context>
  <context>
    <name>RecordDialog</name>
    <message>
      <location filename="../../ui/widgets/record_form.py" line="195" />
      <source>Save</source>
      <translation>保存</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/record_form.py" line="196" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
  <context>
    <name>SearchBox</name>
    <message>
      <location filename="../../ui/widgets/search_box.py" line="58" />
      <source>Name, pinyin, ID number, phone or room</source>
      <translation>姓名、拼音、身份证号、电话或房号</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/search_box.py" line="61" />
      <source>Search name, pinyin, ID number, phone or room (Ctrl+F)</source>
      <translation>搜索姓名、拼音、身份证号、电话或房号（Ctrl+F）</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/search_box.py" line="86" />
      <source>Nothing found</source>
      <translation>没有找到</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/search_box.py" line="90" />
      <source>person</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/search_box.py" line="90" />
      <source>household</source>
      <translation>户</translation>
    </message>
  </context>
  <context>
    <name>actions</name>
    <message>
      <location filename="../../ui/views/household_actions.py" line="132" />
      <source>Record visit…</source>
      <translation>写走访记录…</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="133" />
      <source>Raise need…</source>
      <translation>登记诉求…</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="134" />
      <source>Refer member…</source>
      <translation>推荐就业…</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="135" />
      <source>Print household card…</source>
      <translation>打印户情卡…</translation>
    </message>
    <message>
      <location filename="../../ui/views/household_actions.py" line="136" />
      <source>Print permit application…</source>
      <translation>打印居住证申领表…</translation>
    </message>
  </context>
  <context>
    <name>app</name>
    <message>
      <location filename="../../ui/damaged_start.py" line="40" />
      <source>The community database is damaged and cannot be opened.

Put the newest backup, taken %1, in its place? The damaged file is kept in the backups folder. What was saved after the backup is not in it; if this computer syncs with the county server, what it sent comes back at the next sync.</source>
      <translation>社区数据库已损坏，无法打开。

是否用最近的备份（%1）替换它？损坏的文件会保留在备份文件夹中。备份之后保存的内容不在备份里；如果本机与县服务器同步过，已上传的内容会在下次同步时取回。</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="97" />
      <source>Something went wrong</source>
      <translation>出现问题</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="101" />
      <source>Nothing you already saved is lost. Details are in the log: %1</source>
      <translation>已保存的内容不会丢失。详细信息已写入日志：%1</translation>
    </message>
    <message>
      <location filename="../../ui/errors.py" line="23" />
      <source>The disk is full. Free some space (delete or move old backups or downloads) and try again. This action was not saved; what you saved before is safe.</source>
      <translation>磁盘已满。请删除或移走一些文件（如旧的备份、下载的文件）腾出空间后再试。这次的操作没有保存，之前保存的数据不受影响。</translation>
    </message>
    <message>
      <location filename="../../ui/errors.py" line="29" />
      <source>Another program is using the community database. Close the other RelocDesk window or command, or wait a moment, and try again.</source>
      <translation>社区数据库正被另一个程序使用。请关闭另一个 RelocDesk 窗口或命令，或稍等片刻后再试。</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="126" />
      <source>The database could not be read. Please contact your county IT staff.</source>
      <translation>无法读取数据库，请联系县里的信息技术人员。</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="129" />
      <source>An unexpected error stopped this action. Please try again.</source>
      <translation>发生意外错误，操作未完成，请重试。</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="254" />
      <source>RelocDesk</source>
      <translation>安置社区工作台</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="259" />
      <source>Opening the community database…</source>
      <translation>正在打开社区数据库…</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="305" />
      <source>RelocDesk is already running with this database.</source>
      <translation>安置社区工作台已在使用这个数据库运行。</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="331" />
      <source>First start: creating the demo community (%1 of %2 households)…</source>
      <translation>首次启动：正在生成演示社区（%1 / %2 户）…</translation>
    </message>
    <message>
      <location filename="../../ui/app.py" line="393" />
      <source>The community database could not be opened.</source>
      <translation>无法打开社区数据库。</translation>
    </message>
  </context>
  <context>
    <name>columns</name>
    <message>
      <location filename="../../ui/models/households.py" line="53" />
      <source>Household no.</source>
      <translation>户编号</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="56" />
      <source>Room</source>
      <translation>房号</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="59" />
      <source>Head</source>
      <translation>户主</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="60" />
      <source>Members</source>
      <translation>人数</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="61" />
      <source>Origin</source>
      <translation>迁出地</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="64" />
      <source>Registration</source>
      <translation>户籍</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="68" />
      <source>Flags</source>
      <translation>标识</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="71" />
      <source>Per-capita income</source>
      <translation>人均纯收入</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="76" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="51" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="52" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="53" />
      <source>Age</source>
      <translation>年龄</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="56" />
      <source>Relation</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="65" />
      <source>ID number</source>
      <translation>身份证号码</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="68" />
      <source>Employment</source>
      <translation>就业状况</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="72" />
      <source>Employer</source>
      <translation>就业单位</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="75" />
      <source>Labour capacity</source>
      <translation>劳动能力</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="79" />
      <source>Special groups</source>
      <translation>特殊群体</translation>
    </message>
  </context>
  <context>
    <name>fields</name>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="11" />
      <source>Building</source>
      <translation>楼栋</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="12" />
      <source>Unit</source>
      <translation>单元</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="13" />
      <source>Room</source>
      <translation>房号</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="14" />
      <source>Household no.</source>
      <translation>户编号</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="15" />
      <source>Head of household</source>
      <translation>户主</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="16" />
      <source>Origin county</source>
      <translation>迁出县</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="17" />
      <source>Origin township</source>
      <translation>迁出乡镇</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="18" />
      <source>Origin village</source>
      <translation>迁出村</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="19" />
      <source>Origin region code</source>
      <translation>迁出地区划代码</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="20" />
      <source>Move-in date</source>
      <translation>入住日期</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="21" />
      <source>Registration</source>
      <translation>户籍状态</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="22" />
      <source>Formerly poor</source>
      <translation>脱贫户</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="23" />
      <source>Monitored household</source>
      <translation>监测户</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="24" />
      <source>Minimum living allowance</source>
      <translation>低保</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="25" />
      <source>Extreme-poverty support</source>
      <translation>特困供养</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="26" />
      <source>Income year</source>
      <translation>收入年度</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="27" />
      <source>Wages</source>
      <translation>工资性收入</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="28" />
      <source>Business income</source>
      <translation>生产经营性收入</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="29" />
      <source>Transfer income</source>
      <translation>转移性收入</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="30" />
      <source>Property income</source>
      <translation>财产性收入</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="31" />
      <source>Income last year</source>
      <translation>上年收入</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="32" />
      <source>Phone</source>
      <translation>电话</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="33" />
      <source>Notes</source>
      <translation>备注</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="34" />
      <source>Status</source>
      <translation>状态</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="36" />
      <source>Household</source>
      <translation>所在户</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="37" />
      <source>Name</source>
      <translation>姓名</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="38" />
      <source>Gender</source>
      <translation>性别</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="39" />
      <source>ID number</source>
      <translation>身份证号码</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="40" />
      <source>Birth date</source>
      <translation>出生日期</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="41" />
      <source>Relation to head</source>
      <translation>与户主关系</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="42" />
      <source>Ethnicity</source>
      <translation>民族</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="43" />
      <source>Education</source>
      <translation>文化程度</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="44" />
      <source>School</source>
      <translation>学校</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="45" />
      <source>Grade</source>
      <translation>年级</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="46" />
      <source>Schooling</source>
      <translation>就学状况</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="47" />
      <source>Labour capacity</source>
      <translation>劳动能力</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="48" />
      <source>Employment</source>
      <translation>就业状况</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="49" />
      <source>Employer</source>
      <translation>就业单位</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="50" />
      <source>Job</source>
      <translation>岗位</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="51" />
      <source>Place of work</source>
      <translation>务工地点</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="52" />
      <source>Monthly wage</source>
      <translation>月工资</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="53" />
      <source>Skills</source>
      <translation>技能</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="54" />
      <source>Disability grade</source>
      <translation>残疾等级</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="55" />
      <source>Serious illness</source>
      <translation>大病</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="56" />
      <source>Basic medical insurance</source>
      <translation>基本医疗保险</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="57" />
      <source>Critical-illness insurance</source>
      <translation>大病保险</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="58" />
      <source>Pension insurance</source>
      <translation>养老保险</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="59" />
      <source>Employment insurance</source>
      <translation>就业险</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="60" />
      <source>Residence insurance</source>
      <translation>安居险</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="61" />
      <source>Left-behind child</source>
      <translation>留守儿童</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="62" />
      <source>Elderly living alone</source>
      <translation>独居老人</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="63" />
      <source>Severe disability</source>
      <translation>重度残疾</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="64" />
      <source>Registered address</source>
      <translation>户籍地址</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="65" />
      <source>Residence permit no.</source>
      <translation>居住证号码</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="66" />
      <source>Residence permit</source>
      <translation>居住证</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/field_titles.py" line="67" />
      <source>Removed</source>
      <translation>已移除</translation>
    </message>
  </context>
  <context>
    <name>filters</name>
    <message>
      <location filename="../../ui/views/households.py" line="17" />
      <source>All households</source>
      <translation>全部住户</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="18" />
      <source>Monitored households</source>
      <translation>监测户</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="19" />
      <source>Formerly poor</source>
      <translation>脱贫户</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="20" />
      <source>Minimum living allowance</source>
      <translation>低保户</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="21" />
      <source>Rural minimum living allowance</source>
      <translation>农村低保</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="22" />
      <source>Urban minimum living allowance</source>
      <translation>城市低保</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="23" />
      <source>Extreme-poverty support</source>
      <translation>特困供养</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="24" />
      <source>Nobody employed</source>
      <translation>无人就业</translation>
    </message>
    <message>
      <location filename="../../ui/views/households.py" line="36" />
      <source>Any registration</source>
      <translation>全部户籍状态</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="17" />
      <source>Everyone</source>
      <translation>全部人员</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="18" />
      <source>Employed</source>
      <translation>已就业</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="19" />
      <source>Left-behind children</source>
      <translation>留守儿童</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="20" />
      <source>Elderly living alone</source>
      <translation>独居老人</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="21" />
      <source>Severe disability</source>
      <translation>重度残疾</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="22" />
      <source>Serious illness</source>
      <translation>大病</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="23" />
      <source>School-age, not enrolled</source>
      <translation>适龄未入学</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="24" />
      <source>No medical insurance</source>
      <translation>未参加医保</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="34" />
      <source>Any employment</source>
      <translation>全部就业状况</translation>
    </message>
    <message>
      <location filename="../../ui/views/people.py" line="39" />
      <source>Any labour capacity</source>
      <translation>全部劳动能力</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="175" />
      <source>All buildings</source>
      <translation>全部楼栋</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="177" />
      <source>Building %1</source>
      <translation>%1 栋</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="188" />
      <source>All units</source>
      <translation>全部单元</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="190" />
      <source>Unit %1</source>
      <translation>%1 单元</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="215" />
      <source>%1 shown</source>
      <translation>共 %1 条</translation>
    </message>
    <message>
      <location filename="../../ui/widgets/list_page.py" line="224" />
      <source>Filter by name</source>
      <translation>按姓名筛选</translation>
    </message>
  </context>
  <context>
    <name>flags</name>
    <message>
      <location filename="../../ui/models/households.py" line="25" />
      <source>monitored</source>
      <translation>监测户</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="26" />
      <source>formerly poor</source>
      <translation>脱贫户</translation>
    </message>
    <message>
      <location filename="../../ui/models/households.py" line="29" />
      <source>extreme poverty</source>
      <translation>特困供养</translation>
    </message>
  </context>
  <context>
    <name>groups</name>
    <message>
      <location filename="../../ui/models/people.py" line="37" />
      <source>left-behind child</source>
      <translation>留守儿童</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="38" />
      <source>elderly living alone</source>
      <translation>独居老人</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="39" />
      <source>severe disability</source>
      <translation>重度残疾</translation>
    </message>
    <message>
      <location filename="../../ui/models/people.py" line="40" />
      <source>serious illness</source>
      <translation>大病</translation>
    </message>
  </context>
  <context>
    <name>pages</name>
    <message>
      <location filename="../../ui/pages.py" line="109" />
      <source>Today</source>
      <translation>工作台</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="110" />
      <source>Households</source>
      <translation>住户</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="111" />
      <source>People</source>
      <translation>人员</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="112" />
      <source>Referrals</source>
      <translation>就业推荐</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="113" />
      <source>Visits &amp; needs</source>
      <translation>走访与诉求</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="114" />
      <source>Building heads</source>
      <translation>楼栋长</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="115" />
      <source>Warnings</source>
      <translation>预警</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="116" />
      <source>Dashboard</source>
      <translation>统计</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="117" />
      <source>Print</source>
      <translation>打印</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="118" />
      <source>Sync</source>
      <translation>同步</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="119" />
      <source>Settings</source>
      <translation>设置</translation>
    </message>
    <message>
      <location filename="../../ui/pages.py" line="76" />
      <source>Import / export</source>
      <translation>导入导出</translation>
    </message>
  </context>
  <context>
    <name>tasks</name>
    <message>
      <location filename="../../ui/tasks.py" line="475" />
      <source>Working</source>
      <translation>正在处理</translation>
    </message>
    <message>
      <location filename="../../ui/tasks.py" line="476" />
      <source>Please wait…</source>
      <translation>请稍候…</translation>
    </message>
    <message>
      <location filename="../../ui/tasks.py" line="477" />
      <source>Cancel</source>
      <translation>取消</translation>
    </message>
  </context>
</TS>
