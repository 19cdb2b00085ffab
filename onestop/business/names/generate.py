"""Realistic enterprise names for the demo register and the benchmark: Zhuhai regions, a trade
name of two to four characters drawn from the characters Chinese trade names favour, an industry
wording and a form, with the statuses and dates a real register holds. Deterministic per seed."""

from __future__ import annotations

import datetime as dt
import random
from typing import Iterator

from .vocab import INDUSTRY_WORDS, NATIONAL_WORDS, PLACE_WORDS, REGION_FORMS

_WORDS = sorted({w for w in INDUSTRY_WORDS | set(NATIONAL_WORDS) if len(w) >= 2})

# Characters common in trade names (吉祥字), none of them an industry or place word on its own.
TRADE_CHARS = (
    "鑫鼎盛恒泰丰瑞祥隆昌兴旺达通顺安康宁和嘉佳美优立诚信德福禄寿喜乐润泽源汇聚凯越卓远"
    "宏博雅华晨星辰光明耀辉灿晖煜祺祯瑾琦璟琳瑶珍宝玉金银铭锦绣彩虹蓝青翠绿松柏竹梅兰菊"
    "荷莲桂樱枫林森海湾港江河湖泉溪云天宇宙乾坤龙凤麟鹏鸿雁鹤燕骏驰腾飞扬帆航舟凌峰岳"
    "山川原野田禾稻穗谷麦粮仓厚朴正中信义仁智勇毅志诺承启航创维思睿哲奇异合众友邦联"
)
REGIONS = [("珠海市斗门区", 22), ("珠海市香洲区", 20), ("珠海市金湾区", 10), ("珠海市", 25),
           ("珠海", 15), ("珠海斗门", 4), ("珠海香洲", 3), ("", 1)]
INDUSTRIES = [
    ("科技", 14), ("网络科技", 6), ("信息技术", 5), ("电子商务", 3), ("贸易", 10), ("商贸", 5),
    ("国际贸易", 2), ("餐饮管理", 5), ("餐饮", 4), ("食品", 4), ("酒店管理", 2), ("物业管理", 3),
    ("房地产开发", 2), ("置业", 1), ("建筑工程", 5), ("装饰工程", 4), ("物流", 4),
    ("供应链管理", 2), ("生物科技", 2), ("医药", 1), ("医疗器械", 1), ("水产养殖", 2),
    ("农业发展", 2), ("旅游开发", 1), ("文化传播", 4), ("广告", 2), ("教育咨询", 2),
    ("管理咨询", 3), ("投资", 2), ("实业", 3), ("机械设备", 2), ("五金", 2), ("服装", 2),
    ("家具", 1), ("环保科技", 2), ("新能源", 1), ("汽车服务", 2), ("游艇", 1), ("家政服务", 1),
    ("人力资源", 1), ("", 2),
]
FORMS = [("有限公司", 80), ("有限责任公司", 6), ("股份有限公司", 2), ("合伙企业（有限合伙）", 2),
         ("个人独资企业", 2), ("经营部", 3), ("商行", 3), ("工作室", 2)]
STATUSES = [("registered", 88), ("cancelled", 5), ("changed", 3), ("revoked", 2), ("reserved", 2)]
TRADE_LENGTHS = [(2, 40), (3, 45), (4, 15)]


def _weighted(rng: random.Random, pairs):
    values, weights = zip(*pairs)
    return lambda: rng.choices(values, weights)[0]


def generate(count: int, seed: int = 2026, today: dt.date = dt.date(2026, 12, 1)
             ) -> Iterator[tuple[str, str, dt.date, str, str, str, str]]:
    """(name, status, date, region, trade name, industry, form) for ``count`` names."""
    rng = random.Random(seed)
    region, industry, form = _weighted(rng, REGIONS), _weighted(rng, INDUSTRIES), _weighted(rng, FORMS)
    status, length = _weighted(rng, STATUSES), _weighted(rng, TRADE_LENGTHS)
    start = dt.date(2000, 1, 1).toordinal()
    span = today.toordinal() - start
    made = 0
    while made < count:
        trade = "".join(rng.choice(TRADE_CHARS) for _ in range(length()))
        # 光明, 龙华 (a district's name) or 通信 (industry wording) cannot be trade names (Art. 8).
        if _reads_as_place(trade) or any(w in trade for w in _WORDS):
            continue
        reg, ind, frm, st = region(), industry(), form(), status()
        # Reservations are recent (kept two months); the rest spread over 26 years.
        days_back = rng.randrange(90) if st == "reserved" else rng.randrange(span)
        date = dt.date.fromordinal(today.toordinal() - days_back)
        if reg and rng.random() < 0.04:  # 华鼎科技（珠海）有限公司
            name = f"{trade}{ind}（{reg[:2]}）{frm}"
        else:
            name = f"{reg}{trade}{ind}{frm}"
        made += 1
        yield name, st, date, reg, trade, ind, frm


def _reads_as_place(trade: str) -> bool:
    return trade in PLACE_WORDS or any(trade[:n] in REGION_FORMS for n in (2, 3))
