"""Which roster column feeds which field: the header synonyms and the cell values people type.

Government rosters name the same column a dozen ways (姓名, 名字, 成员姓名; 身份证号,
公民身份号码, 身份证号码（18位）, ``*身份证号``) and write the same value a dozen ways
(本人 for 户主, √ for 是). Headers are normalised before lookup; values are mapped to
what ``relocdesk.fields`` accepts, which then judges them exactly like the app.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Final

from relocdesk import enums, vocab


@dataclass(frozen=True)
class Target:
    """An importable field: where it is stored and the header the export writes."""

    field: str  # the key used in mappings
    table: str  # 'person', 'household', 'building' or 'training' (the person's newest)
    column: str
    header: str  # canonical Chinese header (the export writes it, the import maps it back)
    en: str
    labels: enums.Labels | None = None  # coded values: export writes the Chinese label
    boolean: bool = False
    exported: bool = True  # False: read from rosters, written back as other columns


def _t(
    field: str,
    table: str,
    header: str,
    en: str,
    *,
    column: str | None = None,
    labels: enums.Labels | None = None,
    boolean: bool = False,
) -> Target:
    return Target(field, table, column or field, header, en, labels, boolean)


# Order is the export's column order.
TARGETS: Final[tuple[Target, ...]] = (
    _t("household_no", "household", "户号", "household number"),
    _t("building", "building", "楼栋", "building", column="number"),
    _t("unit", "household", "单元", "unit"),
    _t("room", "household", "房号", "room"),
    _t("name", "person", "姓名", "name"),
    _t("relation", "person", "与户主关系", "relation to head", labels=enums.RELATION),
    _t("id_number", "person", "身份证号码", "ID number"),
    _t("gender", "person", "性别", "gender", labels=enums.GENDER),
    _t("birth_date", "person", "出生日期", "birth date"),
    _t("ethnicity", "person", "民族", "ethnicity"),
    _t("phone", "person", "联系电话", "phone"),
    _t("education", "person", "文化程度", "education", labels=enums.EDUCATION),
    _t("school_status", "person", "在校情况", "schooling", labels=enums.SCHOOL_STATUS),
    _t("school", "person", "就读学校", "school"),
    _t("grade", "person", "年级", "grade"),
    _t("labour_capacity", "person", "劳动能力", "labour capacity", labels=enums.LABOUR_CAPACITY),
    _t(
        "employment_status",
        "person",
        "就业状态",
        "employment status",
        labels=enums.EMPLOYMENT_STATUS,
    ),
    _t("employer", "person", "就业单位", "employer"),
    _t("job", "person", "工种岗位", "job"),
    _t("work_place", "person", "务工地点", "place of work", labels=enums.WORK_PLACE),
    _t("monthly_wage", "person", "月收入", "monthly wage"),
    _t("skills", "person", "技能特长", "skills"),
    _t("disability_grade", "person", "残疾等级", "disability grade", labels=enums.DISABILITY_GRADE),
    _t("serious_illness", "person", "大病情况", "serious illness"),
    _t("ins_medical", "person", "医保", "basic medical insurance", boolean=True),
    _t("ins_critical", "person", "大病保险", "critical-illness insurance", boolean=True),
    _t("ins_pension", "person", "养老保险", "pension insurance", boolean=True),
    _t("ins_employment", "person", "就业险", "employment insurance", boolean=True),
    _t("ins_residence", "person", "安居险", "residence insurance", boolean=True),
    _t("left_behind_child", "person", "留守儿童", "left-behind child", boolean=True),
    _t("elderly_alone", "person", "独居老人", "elderly living alone", boolean=True),
    _t("severe_disability", "person", "重度残疾", "severe disability", boolean=True),
    _t("child_in_difficulty", "person", "困境儿童", "child in difficulty", boolean=True),
    _t("elderly_in_difficulty", "person", "困难老人", "elderly in difficulty", boolean=True),
    _t("registration_address", "person", "户籍地址", "registration address"),
    _t("permit_number", "person", "居住证号", "residence permit number"),
    _t(
        "permit_status",
        "person",
        "居住证办理情况",
        "residence permit status",
        labels=enums.PERMIT_STATUS,
    ),
    # the person's training (培训): a row adds one, or updates the person's of that course
    _t("course", "training", "培训项目", "training course"),
    _t("provider", "training", "培训机构", "training provider"),
    _t("start_date", "training", "培训开始日期", "training start date"),
    _t("end_date", "training", "培训结束日期", "training end date"),
    _t("certificate", "training", "证书", "certificate"),
    _t("result", "training", "结业情况", "training result", labels=enums.TRAINING_RESULT),
    # one cell for the whole place (贵州省惠水县摆金镇新寨村): split into the three below
    Target("origin", "household", "origin", "迁出地", "place of origin", exported=False),
    # each member's row names its household by the head's ID number: it groups the rows
    Target(
        "head_id_number",
        "household",
        "head_id_number",
        "户主身份证号码",
        "head's ID number",
        exported=False,
    ),
    _t("origin_county", "household", "迁出县", "origin county"),
    _t("origin_township", "household", "迁出乡镇", "origin township"),
    _t("origin_village", "household", "迁出村", "origin village"),
    # the national division code of the place (GB/T 2260, six digits: 522731)
    _t("origin_region_code", "household", "迁出地区划代码", "origin region code"),
    _t("move_in_date", "household", "入住日期", "move-in date"),
    _t(
        "registration_status",
        "household",
        "户籍状态",
        "registration status",
        labels=enums.REGISTRATION_STATUS,
    ),
    _t("formerly_poor", "household", "脱贫户", "formerly poor", boolean=True),
    # the single flag of older rosters: read (it gives a type), written back as the type
    Target(
        "monitored", "household", "monitored", "监测户", "monitored household", None, True, False
    ),
    _t("monitor_type", "household", "监测对象类型", "monitoring type", labels=enums.MONITOR_TYPE),
    _t("monitor_risk", "household", "风险类型", "risk type", labels=enums.MONITOR_RISK),
    _t("housing_safety", "household", "住房安全", "housing safety", labels=enums.SAFETY),
    _t("water_safety", "household", "饮水安全", "drinking-water safety", labels=enums.SAFETY),
    _t("guarantees_checked", "household", "“3+1”核查日期", "3+1 guarantees checked on"),
    _t("dibao", "household", "低保", "minimum living allowance", labels=enums.DIBAO),
    _t("extreme_poverty", "household", "特困供养", "extreme-poverty support", boolean=True),
    # the household's net income of one year by its four kinds, and last year's total
    _t("income_year", "household", "收入年度", "income year"),
    _t("income_wages", "household", "工资性收入", "wages"),
    _t("income_business", "household", "生产经营性收入", "business income"),
    _t("income_transfers", "household", "转移性收入", "transfer income"),
    _t("income_property", "household", "财产性收入", "property income"),
    _t("income_last_year", "household", "上年家庭纯收入", "last year's income"),
    _t("household_phone", "household", "家庭电话", "household phone", column="phone"),
    _t("notes", "household", "备注", "notes"),
)
BY_FIELD: Final[dict[str, Target]] = {t.field: t for t in TARGETS}

# Without these the rows cannot become people in households.
REQUIRED: Final[tuple[str, ...]] = ("name", "id_number")
# One of these groups the rows into households.
GROUPING: Final[tuple[str, ...]] = ("household_no", "room", "head_id_number")

_SYNONYMS: Final[dict[str, tuple[str, ...]]] = {
    "name": ("名字", "成员姓名", "家庭成员姓名", "人员姓名", "户成员姓名", "搬迁人口姓名"),
    "id_number": (
        "身份证号",
        "身份证",
        "身份证号码",
        "公民身份号码",
        "公民身份证号码",
        "证件号码",
        "证件号",
        "居民身份证号码",
        "身份证件号码",
    ),
    "gender": ("性别",),
    "birth_date": ("出生年月", "出生年月日", "出生日期", "生日"),
    "relation": ("与户主关系", "关系", "与户主的关系", "家庭关系", "成员关系"),
    "phone": ("联系电话", "手机号", "手机号码", "电话", "电话号码", "联系方式", "本人电话"),
    "household_no": ("户号", "户编号", "户编码", "家庭编号", "户主编号"),
    "head_id_number": (
        "户主身份证号",
        "户主身份证",
        "户主身份证号码",
        "户主证件号码",
        "户主证件号",
        "户主公民身份号码",
        "户主身份证件号码",
    ),
    "building": ("楼栋", "楼号", "栋", "楼栋号", "栋号", "楼"),
    "unit": ("单元", "单元号"),
    "room": (
        "房号",
        "室",
        "门牌号",
        "房间号",
        "房屋号",
        "室号",
        "户室号",
        # where the family lives now, as resettlement rosters head it (5栋1单元302)
        "安置地址",
        "安置房号",
        "安置住址",
        "安置房地址",
        "安置房屋",
        "现住址",
        "现居住地址",
    ),
    "origin": (
        "迁出地",
        "迁出地址",
        "迁出地详细地址",
        "原居住地",
        "原住址",
        "原居住地址",
        "搬迁前住址",
        "迁出地点",
    ),
    "origin_county": ("迁出县", "迁出地县", "原籍县", "迁出县区", "迁出地县区", "迁出地县市区"),
    "origin_township": ("迁出乡镇", "迁出地乡镇", "原籍乡镇", "迁出地乡", "迁出乡"),
    "origin_village": ("迁出村", "迁出地村", "原籍村", "迁出村组", "迁出地村组", "迁出地行政村"),
    "origin_region_code": (
        "迁出地区划代码",
        "迁出地行政区划代码",
        "迁出地区域代码",
        "原籍行政区划代码",
        "迁出县区划代码",
    ),
    "move_in_date": ("搬迁入住时间", "入住日期", "入住时间", "搬迁时间", "搬迁入住日期"),
    "employment_status": (
        "就业状态",
        "是否就业",
        "就业情况",
        "务工状态",
        "务工状况",
        "就业状况",
        "务工就业情况",
        "务工情况",
    ),
    "employer": ("就业单位", "工作单位", "务工单位", "就业企业"),
    "job": ("工种", "工种岗位", "岗位", "职业"),
    "work_place": ("务工地点", "就业地点", "务工地", "就业地"),
    "monthly_wage": ("月收入", "月工资", "月均收入", "月工资收入", "务工月收入"),
    "labour_capacity": ("劳动能力", "劳动力状况", "劳动技能", "劳动力"),
    "education": ("文化程度", "学历"),
    "school_status": (
        "在校情况",
        "在校生情况",
        "就学情况",
        "是否在校",
        "在校生状况",
        "在校状况",
        "就学状况",
    ),
    "school": ("就读学校", "学校"),
    "grade": ("年级", "就读年级"),
    "ethnicity": ("民族",),
    "ins_medical": (
        "医保",
        "是否参加医保",
        "基本医疗保险",
        "参加医保",
        "医疗保险",
        "是否参加基本医疗保险",
        "城乡居民基本医疗保险",
        "是否参加城乡居民基本医疗保险",
        "是否参加医疗保险",
        "参保情况",
    ),
    "ins_critical": ("大病保险", "是否参加大病保险", "是否参加大病保险（大病医疗）"),
    "ins_pension": (
        "养老保险",
        "是否参加养老保险",
        "城乡居民养老保险",
        "参加养老保险",
        "城乡居民基本养老保险",
        "是否参加城乡居民基本养老保险",
    ),
    "ins_employment": ("就业险", "就业保险"),
    "ins_residence": ("安居险", "安居保险"),
    "registration_status": ("户籍状态", "户籍情况", "户口迁移情况", "户籍迁移情况"),
    "dibao": (
        "低保",
        "是否低保",
        "低保情况",
        "低保类型",
        "低保对象",
        "最低生活保障",
        "农村最低生活保障",
        "农村居民最低生活保障",
    ),
    "monitored": ("监测户", "是否监测户", "监测对象", "是否监测对象"),
    "monitor_type": ("监测对象类型", "监测对象类别", "监测类型", "监测户类型", "监测户类别"),
    "monitor_risk": (
        "风险类型",
        "主要风险类型",
        "风险类别",
        "致贫返贫风险",
        "返贫致贫风险",
        "返贫致贫风险类型",
        "致贫风险",
    ),
    "housing_safety": ("住房安全", "住房安全保障", "住房安全有保障", "住房安全保障情况"),
    "water_safety": ("饮水安全", "饮水安全保障", "饮水安全有保障", "饮水安全保障情况"),
    "guarantees_checked": (
        "3+1核查日期",
        "三保障核查日期",
        "“3+1”核查时间",
        "三保障和饮水安全核查日期",
        "两不愁三保障核查日期",
        "核查时间",
        "核查日期",
    ),
    "child_in_difficulty": ("困境儿童", "是否困境儿童"),
    "elderly_in_difficulty": ("困难老人", "特殊困难老人", "困难老年人", "特殊困难老年人"),
    "formerly_poor": ("脱贫户", "是否脱贫户", "建档立卡户"),
    "extreme_poverty": ("特困供养", "特困", "是否特困", "特困人员", "特困供养人员", "特困供养对象"),
    "skills": ("技能特长", "技能"),
    "disability_grade": ("残疾等级",),
    "serious_illness": ("大病情况", "大病"),
    "left_behind_child": ("留守儿童",),
    "elderly_alone": ("独居老人",),
    "severe_disability": ("重度残疾",),
    "registration_address": ("户籍地址", "户籍所在地"),
    "permit_number": ("居住证号", "居住证号码"),
    "permit_status": ("居住证办理情况", "居住证状态"),
    "household_phone": ("家庭电话", "户主电话", "户联系电话"),
    "course": (
        "培训项目",
        "培训专业",
        "培训工种",
        "培训内容",
        "培训课程",
        "培训名称",
        "参加培训项目",
        "参训项目",
    ),
    "provider": ("培训机构", "培训单位", "承训机构", "培训学校", "承训单位"),
    "start_date": ("培训开始日期", "培训开始时间", "开班时间", "开班日期", "培训起始时间"),
    "end_date": ("培训结束日期", "培训结束时间", "结业时间", "结业日期"),
    "certificate": ("证书", "培训证书", "取得证书", "获得证书", "证书名称", "取证情况"),
    "result": ("结业情况", "培训结果", "结业状态", "培训情况"),
    # headers of the income columns in county and township rosters; a total of the year
    # (家庭年纯收入, 人均纯收入) is the kinds' sum, named in ignored_headers.csv
    "income_year": ("收入年度", "收入年份", "收入所属年度", "收入统计年度", "年度", "年份"),
    "income_wages": (
        "工资性收入",
        "务工收入",
        "工资收入",
        "工资性纯收入",
        "务工工资性收入",
        "劳务收入",
        "务工就业收入",
    ),
    "income_business": (
        "生产经营性收入",
        "经营性收入",
        "经营收入",
        "生产经营收入",
        "生产经营性纯收入",
        "经营性纯收入",
        "家庭经营性收入",
        "家庭经营收入",
    ),
    "income_transfers": ("转移性收入", "转移收入", "转移性纯收入", "政策性收入", "政策性转移收入"),
    "income_property": ("财产性收入", "财产收入", "财产性纯收入", "资产收益", "资产收益性收入"),
    "income_last_year": (
        "上年收入",
        "上年家庭纯收入",
        "上年纯收入",
        "上年度收入",
        "上年度家庭纯收入",
        "上年家庭年纯收入",
        "上一年家庭纯收入",
        "去年家庭纯收入",
    ),
    "notes": ("备注",),
}

_PARENS = re.compile(r"[(\[【<《][^)\]】>》]*[)\]】>》]")
_NOISE = re.compile(r"[\s*＊:：、.。_\-—]+")


def normalize_header(text: object) -> str:
    """'*身份证号码\\n（18位）' -> '身份证号码': width, spaces, marks and notes removed."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = _PARENS.sub("", s)
    return _NOISE.sub("", s).lower()


def _squash(text: object) -> str:
    # Like normalize_header but keeping what the brackets say: '迁出地（县）' -> '迁出地县'.
    s = unicodedata.normalize("NFKC", str(text or ""))
    return _NOISE.sub("", re.sub(r"[()\[\]【】<>《》]", "", s)).lower()


_LOOKUP: Final[dict[str, str]] = {}
for _field, _names in _SYNONYMS.items():
    for _name in (*_names, BY_FIELD[_field].header, _field):
        _LOOKUP.setdefault(normalize_header(_name), _field)


# 是否X columns: a yes/no question about one field (vocab.questions), by normalised header.
_QUESTIONS: Final[dict[str, tuple[str, str | None, str | None]]] = {
    normalize_header(h): q for h, q in vocab.questions().items()
}
for _header, (_field, _, _) in _QUESTIONS.items():
    _LOOKUP.setdefault(_header, _field)


def question(header: object) -> tuple[str | None, str | None] | None:
    """For a 是否X column (是否在校生), the values a yes and a no give its field; else None."""
    found = _QUESTIONS.get(_squash(header)) or _QUESTIONS.get(normalize_header(header))
    return None if found is None else (found[1], found[2])


def header_field(text: object) -> str | None:
    """The field a header names, or None."""
    if text is None or not str(text).strip():
        return None
    return _LOOKUP.get(_squash(text)) or _LOOKUP.get(normalize_header(text))


def suggest_mapping(headers: list[str]) -> dict[int, str | None]:
    """Column index -> field; a field named twice keeps its first column."""
    out: dict[int, str | None] = {}
    taken: set[str] = set()
    for i, h in enumerate(headers):
        f = header_field(h)
        if f is not None and f in taken:
            f = None
        if f is not None:
            taken.add(f)
        out[i] = f
    return out


# -- cell values -----------------------------------------------------------------------------


def normalize_cell(field: str, text: str) -> tuple[str | int | None, tuple[tuple[str, str], ...]]:
    """A cell's text as the field's rule expects it, and what the word says of other fields
    (县外务工 -> outside_county, and work_place outside_county). The words are the tables of
    ``relocdesk.vocab``; unknown values pass through to be judged (and refused) by the rule."""
    s = text.strip()
    if not s:
        return None, ()
    target = BY_FIELD.get(field)
    if target is None:
        return s, ()
    if field == "ethnicity":
        return vocab.ethnicities().get(vocab.key(s), s), ()
    if field == "origin":
        return None, split_origin(s)
    if not target.boolean and target.labels is None:
        return s, ()  # free text, ID numbers, phones: their rules read them
    k = vocab.key(s)
    if target.boolean:
        yes = vocab.yes_no().get(k)
        return (s if yes is None else yes), ()
    word = vocab.words(field).get(k)
    if word is None and field == "relation":
        word = next(filter(None, map(vocab.words(field).get, _relation_forms(k))), None)
    if word is not None:
        return word.value, word.also
    if field == "school_status" and _STAGE.fullmatch(k):
        return "enrolled", (("grade", s),)
    for code, (zh, en) in (target.labels or {}).items():
        if k in (code, vocab.key(zh), en.lower()) and code:
            return code, ()
    return s, ()


# In a schooling column, the stage or grade a pupil is in says they are at school, and which
# grade: the national registration system's 在校生状况 is written so (七年级, 高中一年级,
# 中职二年级, 学前教育, 本科).
_STAGE = re.compile(
    r"(?:学前(?:教育|班)?|幼儿园|小学|初中|高中|中职|中专|技校|职高|高职|大专|专科|大学|本科|研究生|硕士|博士)"
    r"(?:[一二三四五六1-6]年级|在读|在校)?"
    r"|(?:小学)?[一二三四五六七八九1-9]年级|初[一二三]|高[一二三]"
)


# How rosters say a relation around the word itself: 户主之子 / 户主的妻子 / 户主妻子 / 之配偶
# (the head named first, or only the 之 left of it), and birth order 大儿子, 二女儿, 小儿子,
# 三儿媳 (长子, 次女 are GB/T 4761's own).
_TO_HEAD = re.compile(r"^(?:户主(?:之|的)?|之)(?=.)")
_ORDINAL = re.compile(r"^(?:大|二|三|四|五|六|七|八|九|小|老|幺|最小的?)(?=儿|女|孙|媳)")


def _relation_forms(word: str) -> list[str]:
    """What a relation word may be, with the head and birth order taken off, in that order."""
    bare = _TO_HEAD.sub("", word)
    forms = [bare] if bare != word else []
    plain = _ORDINAL.sub("", bare)
    return [*forms, plain] if plain != bare else forms


_ORIGIN = re.compile(
    r"^(?:.+?省|.+?自治区)?"  # province
    r"(?:.+?(?:自治州|州|地区|盟|市)(?=.+?(?:县|区|市|旗)))?"  # prefecture, when a county follows
    r"(?P<county>.+?(?:县|区|市|旗))?"
    r"(?P<township>.+?(?:镇|乡|街道|苏木))?"
    r"(?P<village>.*)$"
)


def split_origin(text: str) -> tuple[tuple[str, str], ...]:
    """迁出地 in one cell as county, township and village: '惠水县摆金镇新寨村' ->
    origin_county 惠水县, origin_township 摆金镇, origin_village 新寨村. What cannot be told
    apart stays whole in the village field, so nothing of it is lost."""
    s = "".join(text.split())
    m = _ORIGIN.match(s)
    parts = {k: v for k, v in (m.groupdict() if m else {}).items() if v}
    if "county" not in parts and "township" not in parts:
        parts = {"village": s}
    return tuple((f"origin_{k}", v) for k, v in parts.items())


def normalize_value(field: str, text: str) -> str | int | None:
    """A cell's text as the field's rule expects it; unknown values pass through to be judged."""
    return normalize_cell(field, text)[0]


def export_value(field: str, value: object) -> str:
    """The text the export writes for a stored value: labels for codes, 是/否 for flags."""
    if value is None:
        return ""
    target = BY_FIELD[field]
    if target.boolean:
        return "是" if value else "否"
    if target.labels is not None:
        return enums.label(target.labels, str(value))
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
