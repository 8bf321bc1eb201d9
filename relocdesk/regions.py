"""Administrative divisions (GB/T 2260) of counties that sent relocated families.

The county codes are real; they begin the ID numbers of people born there, and the demo data and
the registration addresses on printed forms use them. Township names are real places of each
county; village names are made up from common village-name parts.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

# Province-level codes that can start a resident ID number (GB 11643 / GB/T 2260), including
# 71 Taiwan and 81-83 for the residence permits of Hong Kong, Macao and Taiwan residents.
PROVINCE_CODES: frozenset[str] = frozenset(
    [str(c) for c in range(11, 16)]
    + [str(c) for c in range(21, 24)]
    + [str(c) for c in range(31, 38)]
    + [str(c) for c in range(41, 47)]
    + [str(c) for c in range(50, 55)]
    + [str(c) for c in range(61, 66)]
    + ["71", "81", "82", "83"]
)

PROVINCES: dict[str, str] = {
    "45": "广西壮族自治区",
    "51": "四川省",
    "52": "贵州省",
    "53": "云南省",
    "61": "陕西省",
    "62": "甘肃省",
}

PREFECTURES: dict[str, str] = {
    "4510": "百色市",
    "4512": "河池市",
    "5134": "凉山彝族自治州",
    "5201": "贵阳市",
    "5202": "六盘水市",
    "5203": "遵义市",
    "5204": "安顺市",
    "5205": "毕节市",
    "5206": "铜仁市",
    "5223": "黔西南布依族苗族自治州",
    "5226": "黔东南苗族侗族自治州",
    "5227": "黔南布依族苗族自治州",
    "5303": "曲靖市",
    "5306": "昭通市",
    "5326": "文山壮族苗族自治州",
    "6109": "安康市",
    "6110": "商洛市",
    "6211": "定西市",
    "6229": "临夏回族自治州",
}

# Halves of village names as they occur in the mountain villages of the south-west.
_VILLAGE_FIRST = "大小上下新高岩石水龙凤黄青坪坝沙马岭杨田梨茶"
_VILLAGE_SECOND = "寨坡河沟湾坪冲山坝塘岩林岗堡场口关田脚"


@dataclass(frozen=True)
class County:
    code: str
    province: str
    prefecture: str
    county: str
    townships: tuple[str, ...]
    villages: tuple[str, ...] = field(default=(), compare=False)

    @property
    def name(self) -> str:
        return self.county


def _villages(code: str, count: int = 8) -> tuple[str, ...]:
    """Village names, the same ones for a county every time."""
    rng = random.Random(int(code))
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(_VILLAGE_FIRST) + rng.choice(_VILLAGE_SECOND) + "村"
        if name not in names:
            names.append(name)
    return tuple(names)


def _county(code: str, name: str, townships: str) -> County:
    return County(
        code,
        PROVINCES[code[:2]],
        PREFECTURES[code[:4]],
        name,
        tuple(townships.split()),
        _villages(code),
    )


COUNTIES: tuple[County, ...] = (
    # 贵州 黔南
    _county("522701", "都匀市", "墨冲镇 平浪镇 毛尖镇 江洲镇 归兰水族乡"),
    _county("522702", "福泉市", "牛场镇 道坪镇 龙昌镇 马场坪街道"),
    _county("522722", "荔波县", "朝阳镇 甲良镇 佳荣镇 小七孔镇"),
    _county("522725", "瓮安县", "猴场镇 草塘镇 天文镇 银盏镇"),
    _county("522726", "独山县", "麻尾镇 下司镇 基长镇 影山镇"),
    _county("522727", "平塘县", "克度镇 塘边镇 通州镇 掌布镇"),
    _county("522728", "罗甸县", "边阳镇 逢亭镇 沫阳镇 红水河镇"),
    _county("522729", "长顺县", "广顺镇 代化镇 摆所镇 鼓扬镇"),
    _county("522731", "惠水县", "好花红镇 断杉镇 羡塘镇 摆金镇"),
    _county("522732", "三都水族自治县", "周覃镇 九阡镇 中和镇 普安镇 都江镇"),
    # 贵州 黔东南
    _county("522601", "凯里市", "三棵树镇 舟溪镇 旁海镇 湾水镇"),
    _county("522634", "雷山县", "西江镇 丹江镇 永乐镇 郎德镇"),
    _county("522633", "从江县", "丙妹镇 贯洞镇 停洞镇 加榜乡"),
    _county("522632", "榕江县", "古州镇 忠诚镇 乐里镇 栽麻镇"),
    _county("522631", "黎平县", "肇兴镇 尚重镇 水口镇 德凤街道"),
    _county("522629", "剑河县", "革东镇 岑松镇 南加镇 太拥镇"),
    _county("522630", "台江县", "施洞镇 方召镇 排羊乡 台拱街道"),
    _county("522636", "丹寨县", "龙泉镇 兴仁镇 排调镇 扬武镇"),
    # 贵州 黔西南
    _county("522301", "兴义市", "顶效镇 马岭镇 清水河镇 敬南镇"),
    _county("522326", "望谟县", "桑郎镇 打易镇 乐元镇 王母街道"),
    _county("522327", "册亨县", "冗渡镇 丫他镇 巧马镇 者楼街道"),
    _county("522324", "晴隆县", "沙子镇 碧痕镇 光照镇 莲城街道"),
    _county("522325", "贞丰县", "者相镇 北盘江镇 白层镇 珉谷街道"),
    # 贵州 安顺、毕节、六盘水、遵义、铜仁
    _county("520425", "紫云苗族布依族自治县", "猫营镇 板当镇 宗地镇 松山街道"),
    _county("520424", "关岭布依族苗族自治县", "断桥镇 花江镇 上关镇 关索街道"),
    _county("520526", "威宁彝族回族苗族自治县", "草海镇 盐仓镇 迤那镇 石门乡"),
    _county("520527", "赫章县", "妈姑镇 野马川镇 可乐彝族苗族乡 城关镇"),
    _county("520525", "纳雍县", "张家湾镇 厍东关乡 猪场苗族彝族乡 雍熙街道"),
    _county("520524", "织金县", "猫场镇 珠藏镇 茶店布依族苗族彝族乡 八步街道"),
    _county("520281", "盘州市", "柏果镇 保田镇 普古彝族苗族乡 红果街道"),
    _county("520324", "正安县", "安场镇 格林镇 土坪镇 凤仪街道"),
    _county("520627", "沿河土家族自治县", "官舟镇 甘溪镇 黑水镇 团结街道"),
    _county("520628", "松桃苗族自治县", "孟溪镇 盘信镇 蓼皋街道"),
    # 云南
    _county("530627", "镇雄县", "泼机镇 以勒镇 母享镇 乌峰街道"),
    _county("530628", "彝良县", "角奎镇 洛泽河镇 小草坝镇 龙海镇"),
    _county("530326", "会泽县", "娜姑镇 待补镇 大井镇 金钟街道"),
    _county("532627", "广南县", "莲城镇 八宝镇 珠街镇 者兔乡"),
    # 四川
    _county("513431", "昭觉县", "新城镇 四开镇 竹核镇"),
    _county("513436", "美姑县", "巴普镇 牛牛坝镇 洪溪镇"),
    # 广西
    _county("451228", "都安瑶族自治县", "安阳镇 高岭镇 地苏镇 保安乡"),
    _county("451229", "大化瑶族自治县", "大化镇 都阳镇 岩滩镇 七百弄乡"),
    _county("451227", "巴马瑶族自治县", "巴马镇 甲篆镇 燕洞镇 那社乡"),
    _county("451031", "隆林各族自治县", "新州镇 桠杈镇 天生桥镇 德峨镇"),
    # 甘肃
    _county("621121", "通渭县", "平襄镇 马营镇 义岗川镇 陇阳镇"),
    _county("621126", "岷县", "岷阳镇 梅川镇 西江镇 十里镇"),
    _county("622926", "东乡族自治县", "锁南镇 达板镇 河滩镇 那勒寺镇"),
    # 陕西
    _county("610924", "紫阳县", "蒿坪镇 汉王镇 焕古镇 城关镇"),
    _county("610921", "汉阴县", "涧池镇 蒲溪镇 平梁镇 城关镇"),
    _county("611024", "山阳县", "漫川关镇 高坝店镇 色河铺镇 城关街道"),
)

_BY_CODE: dict[str, County] = {c.code: c for c in COUNTIES}


def county_by_code(code: str) -> County | None:
    """The county with this 6-digit code, or None when it is not in the list."""
    return _BY_CODE.get(code.strip())


def registration_address(county: County, township: str, village: str) -> str:
    """A full registration address: province, prefecture, county, township, village."""
    return f"{county.province}{county.prefecture}{county.county}{township}{village}"
