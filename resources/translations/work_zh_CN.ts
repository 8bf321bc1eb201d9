<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>AckDialog</name>
    <message>
        <source>Snooze until</source>
        <translation>暂缓至</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警事项</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Acknowledge warning</source>
        <translation>确认预警</translation>
    </message>
</context>
<context>
    <name>BuildingHeadsPage</name>
    <message>
        <source>(nobody)</source>
        <translation>（无人负责）</translation>
    </message>
    <message>
        <source>Building heads</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Add…</source>
        <translation>新增…</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>修改…</translation>
    </message>
    <message>
        <source>Buildings (%1 without a building head)</source>
        <translation>楼栋（%1 栋无楼栋长）</translation>
    </message>
    <message>
        <source>Building head of the selected building</source>
        <translation>所选楼栋的楼栋长</translation>
    </message>
    <message>
        <source>Assign</source>
        <translation>指定</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Buildings</source>
        <translation>负责楼栋</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>Since</source>
        <translation>任职日期</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Units</source>
        <translation>单元数</translation>
    </message>
    <message>
        <source>Floors</source>
        <translation>层数</translation>
    </message>
    <message>
        <source>Building head</source>
        <translation>楼栋长</translation>
    </message>
</context>
<context>
    <name>DashboardPage</name>
    <message>
        <source>Export monthly report</source>
        <translation>导出月报</translation>
    </message>
    <message>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <source>Saved %1</source>
        <translation>已保存 %1</translation>
    </message>
    <message>
        <source>Households</source>
        <translation>户数</translation>
    </message>
    <message>
        <source>People</source>
        <translation>人数</translation>
    </message>
    <message>
        <source>Households with someone in work</source>
        <translation>有人就业的家庭占比</translation>
    </message>
    <message>
        <source>Labour employment rate</source>
        <translation>劳动力就业率</translation>
    </message>
    <message>
        <source>Unemployed, willing to work</source>
        <translation>有就业意愿未就业人数</translation>
    </message>
    <message>
        <source>Referrals per unemployed worker</source>
        <translation>人均推荐次数（未就业人员）</translation>
    </message>
    <message>
        <source>Visit coverage this month</source>
        <translation>本月走访覆盖率</translation>
    </message>
    <message>
        <source>Open needs</source>
        <translation>未办结诉求</translation>
    </message>
    <message>
        <source>Overdue needs</source>
        <translation>逾期诉求</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>预警数</translation>
    </message>
    <message>
        <source>Red warnings</source>
        <translation>红色预警</translation>
    </message>
    <message>
        <source>Open needs by age (days)</source>
        <translation>未办结诉求（按已登记天数）</translation>
    </message>
    <message>
        <source>Zero-employment households</source>
        <translation>零就业家庭</translation>
    </message>
    <message>
        <source>Open needs by category</source>
        <translation>未办结诉求（按类别）</translation>
    </message>
    <message>
        <source>Warnings by area</source>
        <translation>各领域预警数</translation>
    </message>
    <message>
        <source>By building</source>
        <translation>分楼栋</translation>
    </message>
    <message>
        <source>Households visited</source>
        <translation>走访户数</translation>
    </message>
    <message>
        <source>12-month trend: visits</source>
        <translation>近 12 个月走访户数</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>就业推荐</translation>
    </message>
    <message>
        <source>Hired</source>
        <translation>推荐成功</translation>
    </message>
    <message>
        <source>Needs raised</source>
        <translation>新增诉求</translation>
    </message>
    <message>
        <source>Needs closed</source>
        <translation>办结诉求</translation>
    </message>
    <message>
        <source>12-month trend: referrals and needs</source>
        <translation>近 12 个月就业推荐与诉求</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Building head</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Export monthly report…</source>
        <translation>导出月报…</translation>
    </message>
    <message>
        <source>Whole community</source>
        <translation>全社区</translation>
    </message>
    <message>
        <source>Building %1</source>
        <translation>%1 栋</translation>
    </message>
    <message>
        <source>Figures appear here once the reports module is installed.</source>
        <translation>安装统计报表模块后，这里将显示各项指标。</translation>
    </message>
</context>
<context>
    <name>HeadDialog</name>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Edit building head</source>
        <translation>修改楼栋长</translation>
    </message>
    <message>
        <source>Add building head</source>
        <translation>新增楼栋长</translation>
    </message>
</context>
<context>
    <name>NeedDialog</name>
    <message>
        <source>Due date</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>来源</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Raise a need</source>
        <translation>登记诉求</translation>
    </message>
</context>
<context>
    <name>NeedStepDialog</name>
    <message>
        <source>Due date</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Raised on %1, no steps yet</source>
        <translation>%1 登记，尚未办理</translation>
    </message>
    <message>
        <source>Need</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>Status now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <source>Assign need</source>
        <translation>指派诉求</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Start work on need</source>
        <translation>开始办理诉求</translation>
    </message>
    <message>
        <source>Resolve need</source>
        <translation>诉求办结</translation>
    </message>
    <message>
        <source>Close with the household's confirmation</source>
        <translation>群众确认后销号</translation>
    </message>
    <message>
        <source>Reopen need</source>
        <translation>重新办理诉求</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Who in the household confirmed, and how</source>
        <translation>由谁确认、以何种方式确认</translation>
    </message>
    <message>
        <source>Confirmation</source>
        <translation>确认情况</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>Recorded by</source>
        <translation>记录人</translation>
    </message>
    <message>
        <source>History</source>
        <translation>办理记录</translation>
    </message>
    <message>
        <source>Resolution: say how the need was resolved</source>
        <translation>办理结果：请说明诉求是如何解决的</translation>
    </message>
</context>
<context>
    <name>OutcomeDialog</name>
    <message>
        <source>No outcome recorded yet</source>
        <translation>尚无反馈结果</translation>
    </message>
    <message>
        <source>Referral</source>
        <translation>推荐</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>推荐结果</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <source>History</source>
        <translation>结果记录</translation>
    </message>
    <message>
        <source>Record outcome</source>
        <translation>记录推荐结果</translation>
    </message>
    <message>
        <source>Also update the person&apos;s employment</source>
        <translation>同时更新本人就业情况</translation>
    </message>
    <message>
        <source>Employment status</source>
        <translation>就业状态</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>就业单位</translation>
    </message>
    <message>
        <source>Job</source>
        <translation>岗位</translation>
    </message>
</context>
<context>
    <name>PrintPage</name>
    <message>
        <source>Type an ID number or a household number first.</source>
        <translation>请先输入身份证号码或户号。</translation>
    </message>
    <message>
        <source>Printing…</source>
        <translation>正在打印…</translation>
    </message>
    <message>
        <source>Making the PDF…</source>
        <translation>正在生成 PDF…</translation>
    </message>
    <message>
        <source>Done: %1</source>
        <translation>已生成：%1</translation>
    </message>
    <message>
        <source>%1 pages</source>
        <translation>共 %1 页</translation>
    </message>
    <message>
        <source>Cancelled; nothing was printed.</source>
        <translation>已取消，未打印任何内容。</translation>
    </message>
    <message>
        <source>Save PDF</source>
        <translation>保存 PDF</translation>
    </message>
    <message>
        <source>First %1 of %2 pages shown; open the PDF to see all.</source>
        <translation>预览显示前 %1 页，共 %2 页；完整内容请打开 PDF 查看。</translation>
    </message>
    <message>
        <source>Household number</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Residence-permit application</source>
        <translation>居住证申领登记表</translation>
    </message>
    <message>
        <source>Household card</source>
        <translation>户情卡</translation>
    </message>
    <message>
        <source>Referral form</source>
        <translation>就业推荐表</translation>
    </message>
    <message>
        <source>Visit record</source>
        <translation>入户走访记录表</translation>
    </message>
    <message>
        <source>Monthly summary</source>
        <translation>月度工作汇总表</translation>
    </message>
    <message>
        <source>Form</source>
        <translation>表单</translation>
    </message>
    <message>
        <source>One person</source>
        <translation>按人</translation>
    </message>
    <message>
        <source>One household</source>
        <translation>按户</translation>
    </message>
    <message>
        <source>All pending</source>
        <translation>全部待打印</translation>
    </message>
    <message>
        <source>then press Enter</source>
        <translation>输入后按回车</translation>
    </message>
    <message>
        <source>Make PDF</source>
        <translation>生成 PDF</translation>
    </message>
    <message>
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <source>No PDF made yet</source>
        <translation>尚未生成 PDF</translation>
    </message>
    <message>
        <source>Open in system viewer</source>
        <translation>用系统阅读器打开</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>打印…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>另存为…</translation>
    </message>
    <message>
        <source>Blank visit form</source>
        <translation>空白入户走访记录表</translation>
    </message>
    <message>
        <source>ID number or name</source>
        <translation>身份证号码或姓名</translation>
    </message>
    <message>
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <source>No bundled font has %1: printed as boxes; write them in by hand.</source>
        <translation>字库中没有“%1”，已印成方框，请手写补上。</translation>
    </message>
</context>
<context>
    <name>ReferralDialog</name>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>推荐类型</translation>
    </message>
    <message>
        <source>Wage offered (yuan/month)</source>
        <translation>月薪（元）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Referred by</source>
        <translation>推荐人</translation>
    </message>
    <message>
        <source>Add referral</source>
        <translation>新增就业推荐</translation>
    </message>
    <message>
        <source>Referral for %1 (household %2)</source>
        <translation>为 %1 推荐岗位（户号 %2）</translation>
    </message>
</context>
<context>
    <name>ReferralsPage</name>
    <message>
        <source>All building heads</source>
        <translation>全部楼栋长</translation>
    </message>
    <message>
        <source>(buildings %1)</source>
        <translation>（负责 %1 栋）</translation>
    </message>
    <message>
        <source>No outcome recorded yet</source>
        <translation>尚无反馈结果</translation>
    </message>
    <message>
        <source>Building head</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Only fewer than %1 referrals</source>
        <translation>只看推荐不足 %1 次的</translation>
    </message>
    <message>
        <source>Filter by name, household or room</source>
        <translation>按姓名、户号或房号筛选</translation>
    </message>
    <message>
        <source>Add referral (Ctrl+N)</source>
        <translation>新增推荐（Ctrl+N）</translation>
    </message>
    <message>
        <source>Record outcome (Ctrl+R)</source>
        <translation>记录结果（Ctrl+R）</translation>
    </message>
    <message>
        <source>Outcome history of the selected referral</source>
        <translation>所选推荐的结果记录</translation>
    </message>
    <message>
        <source>Policy: every unemployed person willing to work gets %1 or more referrals; people with fewer than %1 in the last %2 days are highlighted. Double-click a person to open the household.</source>
        <translation>政策要求：每名有就业意愿的未就业人员至少推荐 %1 次岗位；近 %2 天推荐不足 %1 次的人员突出显示。双击人员打开该户档案。</translation>
    </message>
    <message>
        <source>%1 people, %2 with fewer than %3 referrals</source>
        <translation>共 %1 人，%2 人推荐不足 %3 次</translation>
    </message>
    <message>
        <source>Choose a person on the left</source>
        <translation>请在左侧选择人员</translation>
    </message>
    <message>
        <source>%1, household %2 (%3): %4 referrals in the last %5 days</source>
        <translation>%1，户号 %2（%3）：近 %5 天推荐 %4 次</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Skills</source>
        <translation>技能</translation>
    </message>
    <message>
        <source>Referrals (%1 days)</source>
        <translation>近 %1 天推荐</translation>
    </message>
    <message>
        <source>Pending</source>
        <translation>待反馈</translation>
    </message>
    <message>
        <source>Last referral</source>
        <translation>最近推荐</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>推荐类型</translation>
    </message>
    <message>
        <source>Wage</source>
        <translation>工资</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>推荐结果</translation>
    </message>
    <message>
        <source>Outcome date</source>
        <translation>反馈日期</translation>
    </message>
</context>
<context>
    <name>SettingsPage</name>
    <message>
        <source>Saved. Warnings use the new line from now on.</source>
        <translation>已保存，预警将按新的监测线计算。</translation>
    </message>
    <message>
        <source>Language</source>
        <translation>语言</translation>
    </message>
    <message>
        <source>Interface language</source>
        <translation>界面语言</translation>
    </message>
    <message>
        <source>You</source>
        <translation>本人</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>您的姓名</translation>
    </message>
    <message>
        <source>Filled in as visitor and as who recorded a step</source>
        <translation>用作走访人和办理记录人</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Data folder</source>
        <translation>数据文件夹</translation>
    </message>
    <message>
        <source>Open folder</source>
        <translation>打开文件夹</translation>
    </message>
    <message>
        <source>Income monitoring line (yuan per person per year)</source>
        <translation>收入监测线（元/人/年）</translation>
    </message>
    <message>
        <source>Empty: the county's default</source>
        <translation>留空则使用县里的默认值</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>About</source>
        <translation>关于</translation>
    </message>
    <message>
        <source>RelocDesk %1 — the desk of a resettlement community: households, jobs, visits and needs, warnings, forms. Works offline; changes go to the county server when a connection is there.</source>
        <translation>安置社区工作台 %1：一户一档、就业、走访与诉求、监测预警、表单打印。可离线使用；有网络时自动把修改同步到县级服务器。</translation>
    </message>
    <message>
        <source>Device: %1</source>
        <translation>本机编号：%1</translation>
    </message>
</context>
<context>
    <name>SyncPage</name>
    <message>
        <source>This version of RelocDesk is too old for the county server: install the new version. Your changes are kept on this device.</source>
        <translation>本程序版本太旧，县服务器已不再接受：请安装新版本。修改已保存在本机。</translation>
    </message>
    <message>
        <source>The county server is older than this version of RelocDesk: ask the county to update the server. Your changes are kept on this device.</source>
        <translation>县服务器的版本比本程序旧：请联系县里更新服务器。修改已保存在本机。</translation>
    </message>
    <message>
        <source>Enrolled. This device now syncs with the server.</source>
        <translation>注册成功，本机将与服务器同步。</translation>
    </message>
    <message>
        <source>Sent %1 changes, received %2, new conflicts %3.</source>
        <translation>已上传 %1 项修改，下载 %2 条，新冲突 %3 条。</translation>
    </message>
    <message>
        <source>Synchronising with the county server…</source>
        <translation>正在与县级服务器同步…</translation>
    </message>
    <message>
        <source>County server</source>
        <translation>县级服务器</translation>
    </message>
    <message>
        <source>Server address</source>
        <translation>服务器地址</translation>
    </message>
    <message>
        <source>User name</source>
        <translation>用户名</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <source>used once to enroll, never stored</source>
        <translation>仅用于本次注册，不会保存</translation>
    </message>
    <message>
        <source>Certificate authority</source>
        <translation>证书颁发机构</translation>
    </message>
    <message>
        <source>only if the county has its own (PEM file)</source>
        <translation>仅当县里有自己的证书颁发机构时，选择其证书文件</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>County certificate authority</source>
        <translation>县里的证书颁发机构</translation>
    </message>
    <message>
        <source>Enroll this device</source>
        <translation>注册本机</translation>
    </message>
    <message>
        <source>The sync module is not installed in this version; the device works offline and keeps every change for later.</source>
        <translation>此版本未安装同步模块；本机离线工作，所有修改都会保存，待以后同步。</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Connection</source>
        <translation>连接</translation>
    </message>
    <message>
        <source>Unsent changes</source>
        <translation>未上传的修改</translation>
    </message>
    <message>
        <source>Rows held</source>
        <translation>暂存的数据</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>Rows from the server this device could not store: %1. They are kept aside and sync goes on without them; ask the county to repair them.</source>
        <translation>服务器发来的数据中有 %1 条无法保存在本机，已暂存，同步照常进行；请联系县里修复。</translation>
    </message>
    <message>
        <source>Changes set aside</source>
        <translation>另存的修改</translation>
    </message>
    <message>
        <source>Changes of this device the server refused or that are damaged: %1. They are kept on this device and the other changes are sent; ask the county to look at them.</source>
        <translation>本机有 %1 项修改被服务器拒收或已损坏，已保存在本机，其他修改照常上传；请联系县里查看。</translation>
    </message>
    <message>
        <source>Last sync</source>
        <translation>上次同步</translation>
    </message>
    <message>
        <source>Last error</source>
        <translation>最近错误</translation>
    </message>
    <message>
        <source>Not enrolled</source>
        <translation>未注册</translation>
    </message>
    <message>
        <source>Enrolled</source>
        <translation>已注册</translation>
    </message>
    <message>
        <source>Online</source>
        <translation>在线</translation>
    </message>
    <message>
        <source>Offline</source>
        <translation>离线</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>Sync now</source>
        <translation>立即同步</translation>
    </message>
    <message>
        <source>Conflicts inbox (%1)</source>
        <translation>待处理冲突（%1）</translation>
    </message>
    <message>
        <source>The same field was changed on two devices. The later change won; the other value is kept here. Confirm keeps the winner; Reverse writes the other value back as a new change. A record edited here but deleted on another device can be restored, or the delete accepted.</source>
        <translation>同一项内容在两台设备上都被修改过。系统保留了较晚的修改，另一个值保存在这里。“确认”保留现值；“撤销”把另一个值作为新的修改写回。在本机修改、却已在另一台设备上删除的记录，可以恢复，也可以接受删除。</translation>
    </message>
    <message>
        <source>Accept the delete</source>
        <translation>接受删除</translation>
    </message>
    <message>
        <source>Restore the record (with the edit)</source>
        <translation>恢复记录（保留本机修改）</translation>
    </message>
    <message>
        <source>Deleted on another device</source>
        <translation>已在另一台设备上删除</translation>
    </message>
    <message>
        <source>edited here</source>
        <translation>本机已修改</translation>
    </message>
    <message>
        <source>deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>保留</translation>
    </message>
    <message>
        <source>Confirm (keep the winner)</source>
        <translation>确认（保留现值）</translation>
    </message>
    <message>
        <source>Reverse (restore the lost value)</source>
        <translation>撤销（恢复被覆盖的值）</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>打开户档案</translation>
    </message>
    <message>
        <source>household</source>
        <translation>家庭</translation>
    </message>
    <message>
        <source>person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>building head</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>referral</source>
        <translation>就业推荐</translation>
    </message>
    <message>
        <source>need</source>
        <translation>诉求</translation>
    </message>
    <message>
        <source>training</source>
        <translation>培训</translation>
    </message>
    <message>
        <source>warning acknowledgement</source>
        <translation>预警确认</translation>
    </message>
    <message>
        <source>community</source>
        <translation>社区</translation>
    </message>
    <message>
        <source>Community name</source>
        <translation>社区名称</translation>
    </message>
    <message>
        <source>County</source>
        <translation>县</translation>
    </message>
    <message>
        <source>Subdistrict</source>
        <translation>街道</translation>
    </message>
    <message>
        <source>Township</source>
        <translation>乡镇</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <source>Record</source>
        <translation>记录类别</translation>
    </message>
    <message>
        <source>Of</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Lost value</source>
        <translation>被覆盖的值</translation>
    </message>
    <message>
        <source>Winning value</source>
        <translation>现值</translation>
    </message>
    <message>
        <source>Lost on device</source>
        <translation>被覆盖的设备</translation>
    </message>
    <message>
        <source>Won on device</source>
        <translation>现值来自设备</translation>
    </message>
    <message>
        <source>Changed at</source>
        <translation>修改时间</translation>
    </message>
</context>
<context>
    <name>TodayPage</name>
    <message>
        <source>Today's work</source>
        <translation>今日工作</translation>
    </message>
    <message>
        <source>Reload</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Warnings (%1 red, %2 yellow)</source>
        <translation>预警（红色 %1，黄色 %2）</translation>
    </message>
    <message>
        <source>Visits due (%1)</source>
        <translation>待走访（%1）</translation>
    </message>
    <message>
        <source>Referrals awaiting outcome (%1)</source>
        <translation>待反馈推荐（%1）</translation>
    </message>
    <message>
        <source>Open needs (%1)</source>
        <translation>未办结诉求（%1）</translation>
    </message>
    <message>
        <source>%1 needs overdue</source>
        <translation>%1 项诉求已逾期</translation>
    </message>
    <message>
        <source>Warnings will appear here once the monitoring module is installed.</source>
        <translation>安装监测预警模块后，这里将显示预警。</translation>
    </message>
    <message>
        <source>Click a row or press Enter to open the household. Visits are due every %1 days, every %2 days for households with a left-behind child, an elderly person living alone, a person with severe disability or a serious illness.</source>
        <translation>单击一行或按回车键打开该户档案。每户每 %1 天走访一次；有留守儿童、独居老人、重度残疾人或大病患者的家庭每 %2 天走访一次。</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警事项</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Head</source>
        <translation>户主</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Last visit</source>
        <translation>上次走访</translation>
    </message>
    <message>
        <source>Days since</source>
        <translation>间隔天数</translation>
    </message>
    <message>
        <source>Special group</source>
        <translation>特殊群体</translation>
    </message>
    <message>
        <source>never</source>
        <translation>从未</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>Referred on</source>
        <translation>推荐日期</translation>
    </message>
    <message>
        <source>Days waiting</source>
        <translation>等待天数</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>推荐类型</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（已逾期）</translation>
    </message>
</context>
<context>
    <name>VisitDialog</name>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>走访类型</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>接待人</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Needs raised at this visit</source>
        <translation>本次走访收集的诉求</translation>
    </message>
    <message>
        <source>What the household asks for</source>
        <translation>群众反映的问题</translation>
    </message>
    <message>
        <source>Responsible person</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Add need</source>
        <translation>添加诉求</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Ctrl+Enter saves</source>
        <translation>Ctrl+Enter 保存</translation>
    </message>
    <message>
        <source>Visit to household %1</source>
        <translation>走访 %1 户</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <source>Members</source>
        <translation>家庭成员</translation>
    </message>
    <message>
        <source>Open needs</source>
        <translation>未办结诉求</translation>
    </message>
    <message>
        <source>due</source>
        <translation>期限</translation>
    </message>
    <message>
        <source>Last visits</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <source>left-behind child</source>
        <translation>留守儿童</translation>
    </message>
    <message>
        <source>elderly living alone</source>
        <translation>独居老人</translation>
    </message>
    <message>
        <source>severe disability</source>
        <translation>重度残疾</translation>
    </message>
    <message>
        <source>%1 years</source>
        <translation>%1 岁</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
</context>
<context>
    <name>VisitsNeedsPage</name>
    <message>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>none chosen: search on the left, or open a household</source>
        <translation>未选择：请在左侧搜索，或先打开一户</translation>
    </message>
    <message>
        <source>Clear</source>
        <translation>清除</translation>
    </message>
    <message>
        <source>Open household</source>
        <translation>打开户档案</translation>
    </message>
    <message>
        <source>Write visit note… (Ctrl+N)</source>
        <translation>写走访记录…（Ctrl+N）</translation>
    </message>
    <message>
        <source>Raise need…</source>
        <translation>登记诉求…</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>待办</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>办理中</translation>
    </message>
    <message>
        <source>Resolved</source>
        <translation>已办结</translation>
    </message>
    <message>
        <source>Confirmed</source>
        <translation>群众已确认</translation>
    </message>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Assign…</source>
        <translation>指派…</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始办理</translation>
    </message>
    <message>
        <source>Resolve…</source>
        <translation>办结…</translation>
    </message>
    <message>
        <source>Household confirms…</source>
        <translation>群众确认销号…</translation>
    </message>
    <message>
        <source>Reopen…</source>
        <translation>重新办理…</translation>
    </message>
    <message>
        <source>Only the chosen household</source>
        <translation>只看所选家庭</translation>
    </message>
    <message>
        <source>Needs board</source>
        <translation>诉求看板</translation>
    </message>
    <message>
        <source>Visits of the household</source>
        <translation>该户走访记录</translation>
    </message>
    <message>
        <source>Recent visits</source>
        <translation>最近走访</translation>
    </message>
    <message>
        <source>%1 needs, %2 overdue</source>
        <translation>共 %1 项诉求，%2 项逾期</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Due</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Raised</source>
        <translation>登记日期</translation>
    </message>
    <message>
        <source>Closed</source>
        <translation>办结日期</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>%1 (overdue)</source>
        <translation>%1（已逾期）</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>走访情况</translation>
    </message>
    <message>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>走访类型</translation>
    </message>
    <message>
        <source>Met</source>
        <translation>接待人</translation>
    </message>
    <message>
        <source>Needs raised</source>
        <translation>提出诉求</translation>
    </message>
</context>
<context>
    <name>WarningsPage</name>
    <message>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <source>Red</source>
        <translation>红色</translation>
    </message>
    <message>
        <source>Yellow</source>
        <translation>黄色</translation>
    </message>
    <message>
        <source>Level</source>
        <translation>级别</translation>
    </message>
    <message>
        <source>Area</source>
        <translation>领域</translation>
    </message>
    <message>
        <source>Building</source>
        <translation>楼栋</translation>
    </message>
    <message>
        <source>Show acknowledged</source>
        <translation>显示已确认的</translation>
    </message>
    <message>
        <source>Acknowledge or snooze…</source>
        <translation>确认或暂缓…</translation>
    </message>
    <message>
        <source>Warnings appear here once the monitoring module is installed.</source>
        <translation>安装监测预警模块后，这里将显示预警。</translation>
    </message>
    <message>
        <source>%1 warnings, %2 red</source>
        <translation>共 %1 条预警，红色 %2 条</translation>
    </message>
    <message>
        <source>Warning</source>
        <translation>预警事项</translation>
    </message>
    <message>
        <source>Household</source>
        <translation>户号</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>房号</translation>
    </message>
    <message>
        <source>Person</source>
        <translation>人员</translation>
    </message>
    <message>
        <source>Facts</source>
        <translation>情况说明</translation>
    </message>
    <message>
        <source>Responsible</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Acknowledged</source>
        <translation>已确认</translation>
    </message>
    <message>
        <source>until %1</source>
        <translation>暂缓至 %1</translation>
    </message>
</context>
<context>
    <name>WorkPages</name>
    <message>
        <source>Visitor</source>
        <translation>走访人</translation>
    </message>
    <message>
        <source>Employer</source>
        <translation>用工单位</translation>
    </message>
    <message>
        <source>Position</source>
        <translation>岗位</translation>
    </message>
    <message>
        <source>Wage offered</source>
        <translation>月薪</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>诉求内容</translation>
    </message>
    <message>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Due date</source>
        <translation>办结期限</translation>
    </message>
    <message>
        <source>Date</source>
        <translation>日期</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <source>By</source>
        <translation>确认人</translation>
    </message>
    <message>
        <source>Assignee</source>
        <translation>责任人</translation>
    </message>
    <message>
        <source>Resolution</source>
        <translation>办理结果</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>推荐结果</translation>
    </message>
    <message>
        <source>Income monitoring line</source>
        <translation>收入监测线</translation>
    </message>
    <message>
        <source>Could not complete</source>
        <translation>未能完成</translation>
    </message>
</context>
<context>
    <name>pages</name>
    <message>
        <source>Today</source>
        <translation>工作台</translation>
    </message>
    <message>
        <source>Referrals</source>
        <translation>就业推荐</translation>
    </message>
    <message>
        <source>Visits &amp; needs</source>
        <translation>走访与诉求</translation>
    </message>
    <message>
        <source>Building heads</source>
        <translation>楼栋长</translation>
    </message>
    <message>
        <source>Warnings</source>
        <translation>监测预警</translation>
    </message>
    <message>
        <source>Dashboard</source>
        <translation>统计看板</translation>
    </message>
    <message>
        <source>Print</source>
        <translation>打印</translation>
    </message>
    <message>
        <source>Sync</source>
        <translation>同步</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
</context>
</TS>
