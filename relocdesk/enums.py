"""Coded values of the field, each with its Chinese and English label.

The database stores the code; screens, forms and imports show or accept the labels.
One table here serves validation, the UI, the roster import and the printed forms.
"""

from __future__ import annotations

from typing import Final

Labels = dict[str, tuple[str, str]]  # code -> (zh, en)

GENDER: Final[Labels] = {"male": ("男", "male"), "female": ("女", "female")}

REGISTRATION_STATUS: Final[Labels] = {
    "transferred": ("已迁入", "registration transferred"),
    "residence_permit": ("办理居住证", "residence permit"),
    "pending": ("未迁未办", "neither yet"),
}

DIBAO: Final[Labels] = {
    "none": ("无", "none"),
    "rural": ("农村低保", "rural minimum living allowance"),
    "urban": ("城市低保", "urban minimum living allowance"),
}

# The monitoring object types of the national return-to-poverty prevention system
# (防止返贫动态监测); a household that is none of them is not monitored.
MONITOR_TYPE: Final[Labels] = {
    "unstable": ("脱贫不稳定户", "unstable formerly poor household"),
    "marginal": ("边缘易致贫户", "marginal household at risk of poverty"),
    "sudden_hardship": ("突发严重困难户", "household in sudden severe hardship"),
}
# The system's risk types (风险类型): what puts a monitored household at risk.
MONITOR_RISK: Final[Labels] = {
    "illness": ("因病", "illness"),
    "disability": ("因残", "disability"),
    "schooling": ("因学", "schooling costs"),
    "disaster": ("因灾", "natural disaster"),
    "accident": ("因意外事故", "accident"),
    "business_failure": ("因产业项目失败", "failed business or farming project"),
    "unstable_work": ("因务工就业不稳", "unstable work"),
    "no_labour": ("缺劳动力", "lack of labour"),
    "housing": ("住房出现安全问题", "housing safety problem"),
    "water": ("饮水安全问题", "drinking-water safety problem"),
    "other": ("其他", "other"),
}
# Housing and drinking-water safety, two of the "3+1" guarantees (三保障和饮水安全), as the
# last check found them; blank: not checked yet.
SAFETY: Final[Labels] = {
    "safe": ("有保障", "assured"),
    "unsafe": ("无保障", "not assured"),
}

HOUSEHOLD_STATUS: Final[Labels] = {
    "active": ("在住", "active"),
    "moved_out": ("已迁出", "moved out"),
}

RELATION: Final[Labels] = {
    "head": ("户主", "head"),
    "spouse": ("配偶", "spouse"),
    "son": ("儿子", "son"),
    "daughter": ("女儿", "daughter"),
    "son_in_law": ("女婿", "son-in-law"),
    "daughter_in_law": ("儿媳", "daughter-in-law"),
    "grandson": ("孙子", "grandson"),
    "granddaughter": ("孙女", "granddaughter"),
    "father": ("父亲", "father"),
    "mother": ("母亲", "mother"),
    "sibling": ("兄弟姐妹", "sibling"),
    "other": ("其他", "other"),
    # collective words of rosters (子女, 孙子女, 父母), kept where no gender makes them precise
    "child": ("子女", "child"),
    "grandchild": ("孙子女", "grandchild"),
    "parent": ("父母", "parent"),
}

EDUCATION: Final[Labels] = {
    "none": ("文盲或半文盲", "none"),
    "preschool": ("学前", "preschool"),
    "primary": ("小学", "primary school"),
    "junior": ("初中", "junior secondary"),
    "senior": ("高中", "senior secondary"),
    "vocational": ("中职/技校", "vocational school"),
    "college": ("大专及以上", "college or above"),
}

SCHOOL_STATUS: Final[Labels] = {
    "not_applicable": ("非在校年龄", "not of school age"),
    "enrolled": ("在校", "enrolled"),
    "not_enrolled": ("失学辍学", "not enrolled"),
}

LABOUR_CAPACITY: Final[Labels] = {
    "full": ("有劳动能力", "full"),
    "weak": ("弱劳动力", "weak"),
    "none": ("无劳动能力", "none"),
}

EMPLOYMENT_STATUS: Final[Labels] = {
    "local_job": ("本地就业", "local job"),
    "outside_county": ("县外务工", "job outside the county"),
    "public_welfare": ("公益性岗位", "public-welfare post"),
    "self_employed": ("自主创业", "self-employed"),
    "flexible": ("灵活就业", "flexible work"),
    "unemployed_willing": ("有就业意愿未就业", "unemployed, willing to work"),
    "not_seeking": ("无就业意愿", "not seeking work"),
    "in_school": ("在校学生", "in school"),
    "not_applicable": ("不适用", "not applicable"),
}
EMPLOYED: Final[frozenset[str]] = frozenset(
    {"local_job", "outside_county", "public_welfare", "self_employed", "flexible"}
)

WORK_PLACE: Final[Labels] = {
    "": ("", ""),
    "local": ("本地", "local"),
    "in_county": ("县内", "in county"),
    "outside_county": ("县外", "outside county"),
}

DISABILITY_GRADE: Final[Labels] = {
    "": ("无", "none"),
    "1": ("一级", "grade 1"),
    "2": ("二级", "grade 2"),
    "3": ("三级", "grade 3"),
    "4": ("四级", "grade 4"),
}

PERMIT_STATUS: Final[Labels] = {
    "not_needed": ("无需办理", "not needed"),
    "to_apply": ("待申领", "to apply"),
    "printed": ("申请表已打印", "application printed"),
    "applied": ("已申领", "applied"),
    "issued": ("已发证", "issued"),
}

REFERRAL_KIND: Final[Labels] = {
    "local_firm": ("本地企业", "local firm"),
    "workshop": ("帮扶车间", "assistance workshop"),
    "public_welfare": ("公益性岗位", "public-welfare post"),
    "labour_export": ("劳务输出", "labour export"),
    "training": ("技能培训", "training"),
}

REFERRAL_OUTCOME: Final[Labels] = {
    "pending": ("待反馈", "pending"),
    "hired": ("已录用", "hired"),
    "not_hired": ("未录用", "not hired"),
    "declined": ("本人放弃", "declined"),
}

TRAINING_RESULT: Final[Labels] = {
    "in_training": ("培训中", "in training"),
    "completed": ("已结业", "completed"),
    "not_completed": ("未结业", "did not complete"),
}

VISIT_KIND: Final[Labels] = {
    "routine": ("例行走访", "routine"),
    "follow_up": ("跟进回访", "follow-up"),
    "on_request": ("应约走访", "on request"),
}

NEED_CATEGORY: Final[Labels] = {
    "employment": ("就业", "employment"),
    "schooling": ("就学", "schooling"),
    "medical": ("就医", "medical"),
    "housing": ("住房维修", "housing/repair"),
    "benefits": ("政策待遇", "benefits"),
    "dispute": ("矛盾纠纷", "dispute"),
    "other": ("其他", "other"),
}

NEED_STATUS: Final[Labels] = {
    "open": ("待办", "open"),
    "in_progress": ("办理中", "in progress"),
    "resolved": ("已办结", "resolved"),
    "confirmed": ("群众已确认", "confirmed by the household"),
}

NEED_SOURCE: Final[Labels] = {
    "visit": ("入户走访", "home visit"),
    "phone": ("电话", "phone"),
    "walk_in": ("来访", "walk-in"),
    "warning": ("监测预警交办", "handed over from a warning"),
}

# Where a step of a person's employment history came from (relocdesk.employment).
EMPLOYMENT_SOURCE: Final[Labels] = {
    "edit": ("编辑", "edited"),
    "referral": ("推荐结果", "referral outcome"),
    "import": ("花名册导入", "roster import"),
    "verified": ("核实", "verified"),
}

# The site's public facilities (基本公共服务配套): schools and clinics, and the service
# centres of the "十个一" set.
FACILITY_KIND: Final[Labels] = {
    "primary_school": ("小学", "primary school"),
    "middle_school": ("初中", "middle school"),
    "kindergarten": ("幼儿园", "kindergarten"),
    "clinic": ("卫生室", "clinic"),
    "party_service_centre": ("党群服务中心", "party-mass service centre"),
    "employment_centre": ("就业服务站", "employment service centre"),
    "governance_centre": ("综治中心", "comprehensive governance centre"),
    "police_room": ("警务室", "police room"),
    "children_centre": ("儿童之家", "children's centre"),
    "elderly_centre": ("日间照料中心", "elderly day-care centre"),
    "shop": ("便民超市", "shop"),
    "other": ("其他", "other"),
}
FACILITY_STATUS: Final[Labels] = {
    "in_service": ("正常运行", "in service"),
    "under_construction": ("在建", "under construction"),
    "suspended": ("暂停使用", "suspended"),
    "closed": ("已关闭", "closed"),
}

ROLE: Final[Labels] = {
    "secretary": ("社区书记/网格员", "community secretary"),
    "building_head": ("楼栋长", "building head"),
    "clerk": ("办事员", "clerk"),
    "county": ("县级", "county"),
}

# What an audit row says was done with personal data (relocdesk.audit.Audit).
AUDIT_ACTION: Final[Labels] = {
    "view": ("查看", "viewed"),
    "reveal": ("显示完整身份证号", "revealed full ID number"),
    "print": ("打印", "printed"),
    "export": ("导出", "exported"),
    "export_roster": ("导出花名册", "exported the roster"),
}


def label(labels: Labels, code: str | None, lang: str = "zh") -> str:
    """The label of a code in a language; the code itself when unknown."""
    if code is None:
        return ""
    pair = labels.get(code)
    if pair is None:
        return code
    return pair[0] if lang == "zh" else pair[1]
