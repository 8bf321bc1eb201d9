"""Every text of the dashboard in Chinese (the default) and English, by key.

The desktop app translates with Qt's .ts files; the server carries no Qt, so its few pages
keep their words here. ``tests/web`` checks that every key a template uses is here in both
languages.
"""

from __future__ import annotations

LANGUAGES = ("zh", "en")
DEFAULT = "zh"

WORDS: dict[str, tuple[str, str]] = {
    "app": ("安置社区后续扶持 · 县级看板", "Resettlement follow-up · county dashboard"),
    "sign_in": ("登录", "Sign in"),
    "sign_out": ("退出", "Sign out"),
    "user": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "sign_in_hint": (
        "县级账号登录。社区工作人员请使用桌面程序。",
        "For county accounts. Community staff use the desktop app.",
    ),
    "missing_fields": ("请填写用户名和密码", "Enter the user name and the password"),
    "busy": ("服务器正忙，请稍后再试", "The server is busy; try again shortly"),
    "form_expired": (
        "表单已过期或来源不明，请重新提交",
        "The form has expired or did not come from this site; submit it again",
    ),
    "signed_out": ("已退出", "Signed out"),
    "session_ended": ("登录已过期，请重新登录", "Your session has ended; sign in again"),
    "language": ("English", "中文"),
    "overview": ("全县概览", "County overview"),
    "community": ("社区", "Community"),
    "communities": ("社区数", "Communities"),
    "county_total": ("全县合计", "County total"),
    "no_communities": ("此账号下还没有社区", "No communities under this account yet"),
    "figures_pending": (
        "数据尚未计算，请稍后刷新",
        "The figures are not computed yet; refresh shortly",
    ),
    "computed_at": ("数据计算于", "Figures computed at"),
    "sort_by": ("按此列排序", "Sort by this column"),
    "thresholds": ("预警阈值", "Thresholds"),
    "rule_zero": ("0 为正常，大于 0 为红", "green at 0, red above"),
    "rule_referrals": (
        "有意愿未就业者人均推荐 ≥ {0}（EMP-02）为正常，1 次至此为黄，不足 1 次为红",
        "green from {0} referrals each (EMP-02), amber from 1, red below 1",
    ),
    "rule_visits": (
        "在 {0}（INT-04 的间隔）内走访的户占比：≥ {1} 为正常，{2} 至 {1} 为黄，更低为红",
        "households visited within {0} (INT-04's interval): green from {1},"
        " amber from {2}, red below",
    ),
    "rule_income": (
        "低于监测线 {0}（INC-01）为红，低于 {1} 上浮 {2}（INC-03）为黄，其余为正常；"
        "未登记收入的社区不亮灯",
        "red below the monitoring line of {0} (INC-01), amber below {1} plus {2}"
        " (INC-03), green above; no light where no income is recorded",
    ),
    "county_value": ("（县定）", " (set by the county)"),
    "county_values": ("本县发布的阈值", "Thresholds the county published"),
    "county_values_hint": (
        "标“县定”的取值由本县发布，其余为指标目录的默认值；各社区设备同步时接收同样的取值。",
        "Values marked (set by the county) are published by the county, the others are the"
        " catalogue's defaults; every device of the county receives the same values on sync.",
    ),
    "no_county_values": (
        "本县尚未发布阈值，均按指标目录的默认值。",
        "The county has published no thresholds: the catalogue's defaults apply.",
    ),
    "threshold_key": ("参数", "Parameter"),
    "threshold_what": ("含义", "What it is"),
    "county_set": ("本县取值", "The county's value"),
    "catalogue_default": ("目录默认值", "Catalogue's default"),
    "income_line": ("收入监测线（元/人·年）", "Income monitoring line (yuan per person a year)"),
    "traffic_green": ("正常", "within threshold"),
    "traffic_amber": ("注意", "near threshold"),
    "traffic_red": ("超出阈值", "beyond threshold"),
    "workbook": ("下载全县月报表", "Download the county workbook"),
    "month": ("月份", "Month"),
    "back": ("返回", "Back"),
    "by_building": ("分楼栋", "By building"),
    "building": ("楼栋", "Building"),
    "by_month": ("分月趋势", "By month"),
    "warnings_by_area": ("预警（按领域与指标）", "Warnings by area and indicator"),
    "warnings_by_area_chart": ("预警（按领域）", "Warnings by area"),
    "area": ("领域", "Area"),
    "indicator": ("指标", "Indicator"),
    "level": ("级别", "Level"),
    "count": ("数量", "Count"),
    "building_heads": ("楼栋长", "Building heads"),
    "name": ("姓名", "Name"),
    "phone": ("电话", "Phone"),
    "buildings": ("负责楼栋", "Buildings"),
    "devices": ("设备同步情况", "Devices and their sync"),
    "device": ("设备", "Device"),
    "role": ("角色", "Role"),
    "last_sync": ("最近同步", "Last sync"),
    "unsent": ("未上传", "Unsent"),
    "never": ("从未", "never"),
    "unknown": ("未知", "unknown"),
    "unsent_unknown": ("未知（设备尚未报告）", "unknown (the device has not said)"),
    "unsent_as_of": ("{n} 条，截至 {at}（{ago}）", "{n} unsent, as of {at} ({ago})"),
    "seen_at": ("{at} 同步（{ago}）", "{at} ({ago})"),
    "devices_hint": (
        "未上传条数为设备在最近一次同步时报告的本机未上传修改数；设备离线期间的新修改服务器无从得知。",
        "The unsent count is what the device reported at its last sync; changes made"
        " while it is offline are unknown to the server.",
    ),
    "just_now": ("刚刚", "just now"),
    "minutes_ago": ("{0} 分钟前", "{0} min ago"),
    "hours_ago": ("{0} 小时前", "{0} h ago"),
    "days_ago": ("{0} 天前", "{0} days ago"),
    "households_behind": ("户清单", "Households behind the figure"),
    "household_no": ("户编号", "Household no."),
    "head": ("户主", "Head of household"),
    "id_number": ("身份证号（已遮盖）", "ID number (masked)"),
    "address": ("住址", "Address"),
    "members": ("人口", "Members"),
    "audited": (
        "查看此清单已记入审计日志",
        "Opening this list has been recorded in the audit log",
    ),
    # the access log: the audit rows the county's devices synced
    "access_log": ("查看记录", "Access log"),
    "access_log_hint": (
        "社区工作人员在桌面程序中查看住户档案、显示完整身份证号、打印和导出的记录，随同步上传。",
        "Who opened a household's file, revealed a full ID number, printed or exported on the"
        " communities' laptops, as their devices synced it.",
    ),
    "access_log_audited": (
        "查看此页已记入审计日志",
        "Opening this page has been recorded in the audit log",
    ),
    "no_access_rows": ("没有符合条件的记录", "No rows match"),
    "all": ("全部", "All"),
    "who_looked": ("查看人", "Staff member"),
    "kind": ("类别", "Kind"),
    "since": ("起始日期", "From"),
    "until": ("截止日期", "To"),
    "filter": ("筛选", "Filter"),
    "rows": ("条", "rows"),
    "page_of": ("第 {0} / {1} 页", "page {0} of {1}"),
    "previous": ("上一页", "Previous"),
    "next": ("下一页", "Next"),
    "when": ("时间", "When"),
    "person_looked_at": ("被查看人", "Person looked at"),
    "detail": ("说明", "Detail"),
    "bad_date": ("日期不正确，应为 YYYY-MM-DD", "The date is not valid: use YYYY-MM-DD"),
    "not_found": ("没有此页面或无权查看", "No such page, or not yours to see"),
    "bad_request": ("请求不正确", "Bad request"),
    "bad_address": (
        "网址不正确，请从页面上的链接进入",
        "The address is not valid: follow the links on the pages",
    ),
    "save": ("保存", "Save"),
    "value": ("取值", "Value"),
    "saved": ("已保存", "Saved"),
    # the headline figures (the overview's columns)
    "households": ("户数", "Households"),
    "people": ("人数", "People"),
    "labour_force": ("劳动力", "Labour force"),
    "employed_labour": ("已就业劳动力", "Employed labour"),
    "zero_employment_households": ("零就业家庭", "Zero-employment households"),
    "red_warnings": ("红色预警", "Red warnings"),
    "active_warnings": ("预警", "Warnings"),
    "open_needs": ("未办结诉求", "Open needs"),
    "overdue_needs": ("逾期诉求", "Overdue needs"),
    "referrals_per_unemployed": ("人均推荐岗位", "Referrals per unemployed"),
    "unemployed_willing": ("有意愿未就业", "Unemployed, willing"),
    "visits": ("走访", "Visits"),
    "households_visited": ("走访户数", "Households visited"),
    "hires": ("推荐录用", "Hires"),
    "needs_raised": ("新增诉求", "Needs raised"),
    "needs_closed": ("办结诉求", "Needs closed"),
    "level_red": ("红色", "red"),
    "level_yellow": ("黄色", "yellow"),
    "role_secretary": ("社区书记/网格员", "secretary"),
    "role_clerk": ("办事员", "clerk"),
    "role_building_head": ("楼栋长", "building head"),
    "role_county": ("县级", "county"),
    "revoked": ("已撤销", "revoked"),
    "visit_coverage_month": ("本月走访覆盖率", "Visited this month"),
    "visited_in_interval_share": ("按期走访率", "Visited within the interval"),
    "households_visited_in_interval": ("按期走访户数", "Households visited in time"),
    "per_capita_income": ("人均纯收入（元）", "Income per person (yuan)"),
    "income_people": ("已登记收入人数", "People with income recorded"),
    "permits_pending": ("居住证待办", "Permits pending"),
    "bad_month": ("月份不正确", "The month is not valid"),
    "households_visited_month": ("本月走访户数", "Households visited this month"),
    "referrals_90d": ("90天推荐次数", "Referrals in 90 days"),
    "labour_employment_rate": ("劳动力就业率", "Labour employment rate"),
    "referrals": ("推荐", "Referrals"),
}


def word(key: str, language: str) -> str:
    """The text of ``key`` in ``language``; the key itself when unknown (a test catches it)."""
    pair = WORDS.get(key)
    if pair is None:
        return key
    return pair[1] if language == "en" else pair[0]
