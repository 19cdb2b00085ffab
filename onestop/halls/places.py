"""Typed address or town → a point, without a geocoding service (none is reachable offline).

Doumen's five towns and one street office (统计用区划代码, National Bureau of Statistics), with the
approximate WGS-84 centre of each town's seat, and place names people type for them: villages and
communities (村居), roads and landmarks. A typed address is matched to the longest place name it
contains; the point is the town's centre, good enough to sort halls by distance. Village lists:
斗门镇's from its government's profile (2025); the others are a partial list of well-known names,
see docs/data-sources.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Town:
    code: str  # 9-digit township code
    name: str
    lat: float
    lon: float
    places: tuple[str, ...]


TOWNS: tuple[Town, ...] = (
    Town("440403107", "井岸镇", 22.2870, 113.2950, (
        "井岸", "尖峰", "新青", "西埔", "坭湾", "黄金", "龙西", "草朗", "北澳", "霞村", "朝阳", "珠峰大道", "井湾路",
        "白藤山", "斗门区政府", "区政府",
    )),
    Town("440403001", "白藤街道", 22.2107, 113.3420, (
        "白藤", "白藤湖", "白藤一村", "白藤二村", "白藤三村", "白藤四村", "白藤五村", "白藤六村", "白藤七村",
        "大门口", "湖东", "东风", "藤湖路",
    )),
    Town("440403100", "莲洲镇", 22.3840, 113.2490, (
        "莲洲", "横山", "上横", "粉洲", "东湾", "石龙", "耕管", "莲江", "红星", "新益", "莲溪",
    )),
    Town("440403103", "斗门镇", 22.2344, 113.1917, (
        "斗门镇", "斗门墟", "斗门社区", "斗门村", "大赤坎", "小赤坎", "上洲", "下洲", "新乡", "南门", "八甲",
        "大濠冲", "小濠冲", "小濠涌", "御温泉", "黄杨山", "斗门古街", "接霞庄", "菉猗堂", "龙山工业",
    )),
    Town("440403105", "乾务镇", 22.1720, 113.2000, (
        "乾务", "五山", "湾口", "荔山", "马山", "夏村", "南山", "乾东", "乾西", "乾南", "乾北", "虎山", "富山工业园",
    )),
    Town("440403106", "白蕉镇", 22.2640, 113.3200, (
        "白蕉", "六乡", "灯笼", "新沙", "月坑", "赖家", "东湖", "南环", "竹篙", "成裕", "孖湾", "盖山", "斗门港",
    )),
)
BY_CODE = {t.code: t for t in TOWNS}
_NAMES = sorted(((p, t) for t in TOWNS for p in (t.name, t.name[:-1] if t.name.endswith("镇") else t.name, *t.places)),
                key=lambda pair: -len(pair[0]))
_NOISE = re.compile(r"(广东省|广东|珠海市|珠海|斗门区)")
MAX_QUERY = 100


def find_town(text: str) -> Town | None:
    """The town a typed address or place name lies in, or None. ``斗门区`` alone names no town."""
    text = _NOISE.sub("", (text or "")[:MAX_QUERY]).replace(" ", "")
    if not text:
        return None
    for name, town in _NAMES:
        if name in text:
            return town
    return None
