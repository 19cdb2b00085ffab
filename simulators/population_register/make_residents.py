"""Generate residents.json: fictitious residents of 斗门区 for the population-register simulator.

Run from the repository root: ``.venv/bin/python -m simulators.population_register.make_residents``.
Seeded, so the same code writes the same file. Names, ID numbers, household numbers, addresses and
mobile numbers are invented; town names and division codes are real (National Bureau of Statistics
2023 codes, via shared/data/admin_divisions, WTFPL), checked against that data when it is present.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import os
import random
from collections.abc import Callable
from pathlib import Path
from typing import Any

from onestop.core.identifiers import check_citizen_id, citizen_id_check_char

SEED = 440403
AS_OF = dt.date(2026, 11, 26)  # ages in the household templates are ages on this day
LATEST_BIRTH = dt.date(2026, 9, 30)  # nobody is born after the file was made
OUT = Path(__file__).with_name("residents.json")
REPO = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("ONESTOP_SHARED_DATA", REPO.parent / "shared" / "data")) / "admin_divisions"

DISTRICT = "440403"
TOWNS = {
    "440403001": "白藤街道",
    "440403100": "莲洲镇",
    "440403103": "斗门镇",
    "440403105": "乾务镇",
    "440403106": "白蕉镇",
    "440403107": "井岸镇",
}
# Birth places of residents who moved to Doumen: real county-level codes.
OTHER_AREAS = {"440402": "香洲区", "440781": "台山市", "440783": "开平市", "441802": "清城区", "450102": "兴宁区", "430105": "开福区"}
AREA_CODES = frozenset({DISTRICT, *OTHER_AREAS})

# (village or community, road or lane, household registration type); plausible, not real addresses.
PLACES = {
    "440403001": [("白藤湖社区", "白藤三路", "城镇"), ("藤湖社区", "藤湖路", "城镇"), ("白藤东社区", "白藤五路", "城镇")],
    "440403100": [("横山社区", "横山大街", "城镇"), ("上栏村", "上栏新村二巷", "农村"), ("东湾村", "东湾北巷", "农村")],
    "440403103": [("南门村", "南门西街", "农村"), ("小濠冲村", "濠冲二巷", "农村"), ("斗门社区", "斗门旧街", "城镇")],
    "440403105": [("乾务社区", "乾务大道", "城镇"), ("湾口村", "湾口新村三巷", "农村"), ("乾务村", "乾务北街", "农村")],
    "440403106": [("白蕉社区", "白蕉路", "城镇"), ("昭信村", "昭信大街", "农村"), ("月坑村", "月坑中街", "农村")],
    "440403107": [("尖峰社区", "珠峰大道", "城镇"), ("新堂社区", "新堂路", "城镇"), ("坭湾村", "坭湾二巷", "农村")],
}

# Surnames common in Guangdong, Doumen's 赵 邝 容 谭 among them; repeated ones are drawn more often.
SURNAMES = "陈陈陈黄黄黄李李梁梁赵赵吴何何谭谭邝容林张刘郑罗周冯钟麦区莫卢黎杨关邓苏余叶温"
# Given-name characters by generation (born before 1965, 1965-1994, from 1995) and gender.
GIVEN = {
    ("old", "男"): ("炳添根福棠树桂荣锦耀汝", "泉华强明祥生昌林池"),
    ("old", "女"): ("带玉秀金银彩凤月好群", "娣好英兰妹珍莲嫦容"),
    ("mid", "男"): ("志国建文振永家俊伟锦", "强华明辉荣坚雄斌涛"),
    ("mid", "女"): ("丽美燕惠雪淑少慧", "娟玲芳霞红萍敏仪"),
    ("young", "男"): ("梓浩俊嘉子宇智铭", "轩杰铭睿晨宇浩熙"),
    ("young", "女"): ("欣诗梓晓嘉雅思可", "怡琪彤晴妍颖淇悦"),
}
MOBILE_PREFIXES = ("1380000", "1590000", "1860000")  # 138-0000-xxxx etc.: clearly fictitious

Member = tuple[str, str, int, str]  # relationship, gender, age on AS_OF, marital status


def three_generations(rng: random.Random, both_parents: bool) -> list[Member]:
    head = rng.randint(34, 46)
    members = [
        ("户主", "男", head, "已婚"),
        ("配偶", "女", head - rng.randint(0, 4), "已婚"),
        ("子女", rng.choice("男女"), rng.randint(0, 5), "未婚"),
        ("子女", rng.choice("男女"), rng.randint(7, 13), "未婚"),
    ]
    father = rng.randint(max(70, head + 24), head + 40)
    if both_parents:
        return members + [("父母", "男", father, "已婚"), ("父母", "女", father - rng.randint(0, 4), "已婚")]
    return members + [("父母", "女", father, "丧偶")]


def elderly_couple(rng: random.Random) -> list[Member]:
    head = rng.randint(80, 91)
    return [("户主", "男", head, "已婚"), ("配偶", "女", head - rng.randint(0, 4), "已婚")]


def living_alone(rng: random.Random) -> list[Member]:
    return [("户主", rng.choice("女女男"), rng.randint(80, 96), "丧偶")]


def young_family(rng: random.Random) -> list[Member]:
    head = rng.randint(27, 36)
    members = [("户主", "男", head, "已婚"), ("配偶", "女", head - rng.randint(0, 3), "已婚"), ("子女", rng.choice("男女"), rng.randint(0, 4), "未婚")]
    return members + ([("子女", rng.choice("男女"), rng.randint(5, 8), "未婚")] if head > 32 else [])


def single(rng: random.Random) -> list[Member]:
    if rng.random() < 0.3:
        return [("户主", rng.choice("男女"), rng.randint(41, 55), "离婚")]
    return [("户主", rng.choice("男女"), rng.randint(22, 39), "未婚")]


def middle_aged_family(rng: random.Random) -> list[Member]:
    head = rng.randint(48, 60)
    return [("户主", "男", head, "已婚"), ("配偶", "女", head - rng.randint(0, 4), "已婚"), ("子女", rng.choice("男女"), rng.randint(18, min(28, head - 22)), "未婚")]


def single_parent(rng: random.Random) -> list[Member]:
    head = rng.randint(30, 42)
    return [("户主", "女", head, "离婚"), ("子女", rng.choice("男女"), rng.randint(2, 10), "未婚")]


def _templates() -> list[Callable[[random.Random], list[Member]]]:
    return (
        [lambda r: three_generations(r, True)] * 3
        + [lambda r: three_generations(r, False)] * 2
        + [elderly_couple] * 3
        + [living_alone] * 3
        + [young_family] * 5
        + [single] * 3
        + [middle_aged_family] * 4
        + [single_parent] * 2
    )


def birth_date_for_age(rng: random.Random, age: int) -> dt.date:
    first = AS_OF.replace(year=AS_OF.year - age - 1) + dt.timedelta(days=1)
    last = min(AS_OF.replace(year=AS_OF.year - age), LATEST_BIRTH)
    return first + dt.timedelta(days=rng.randint(0, (last - first).days))


class Generator:
    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.names: set[str] = set()
        self.mobiles: set[str] = set()

    def citizen_id(self, area: str, birth: dt.date, gender: str) -> str:
        while True:
            # The 17th digit is odd for men and even for women (GB 11643).
            parity = self.rng.choice("13579" if gender == "男" else "02468")
            body = f"{area}{birth:%Y%m%d}{self.rng.randint(1, 99):02d}{parity}"
            number = body + citizen_id_check_char(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def name(self, surname: str, gender: str, birth_year: int) -> str:
        generation = "old" if birth_year < 1965 else "mid" if birth_year < 1995 else "young"
        first, second = GIVEN[(generation, gender)]
        while True:
            name = surname + self.rng.choice(first) + self.rng.choice(second)
            if name[1] != name[2] and name not in self.names:
                self.names.add(name)
                return name

    def mobile(self, age: int) -> str | None:
        if age < 16 or (age >= 85 and self.rng.random() < 0.4):
            return None
        while True:
            number = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randint(0, 9999):04d}"
            if number not in self.mobiles:
                self.mobiles.add(number)
                return number

    def household(self, serial: int, town: str, members: list[Member]) -> list[dict[str, Any]]:
        rng = self.rng
        community, road, registration = rng.choice(PLACES[town])
        if registration == "城镇":
            address = f"广东省珠海市斗门区{TOWNS[town]}{road}{rng.randint(1, 188)}号{rng.randint(1, 12)}栋{rng.randint(1, 18)}0{rng.randint(1, 6)}房"
        else:
            address = f"广东省珠海市斗门区{TOWNS[town]}{community}{road}{rng.randint(1, 60)}号"
        head_surname = rng.choice(SURNAMES)
        residents = []
        for relationship, gender, age, marital in members:
            birth = birth_date_for_age(rng, age)
            # Children and the head's father carry the head's surname; spouses and mothers their own.
            same_family = relationship == "子女" or (relationship in ("户主", "父母") and gender == "男")
            surname = head_surname if same_family else rng.choice(SURNAMES)
            area = rng.choice(list(OTHER_AREAS)) if age >= 18 and rng.random() < 0.12 else DISTRICT
            residents.append({
                "id_number": self.citizen_id(area, birth, gender),
                "name": self.name(surname, gender, birth.year),
                "gender": gender,
                "birth_date": birth.isoformat(),
                "household_number": f"{town}{serial:03d}",
                "household_head": relationship == "户主",
                "relationship": relationship,
                "address": address,
                "community": community,
                "division_code": town,
                "division_name": TOWNS[town],
                "registration_type": registration,
                "marital_status": marital,
                "mobile": self.mobile(age),
            })
        return residents

    def residents(self) -> list[dict[str, Any]]:
        templates = _templates()
        self.rng.shuffle(templates)
        towns = list(TOWNS)
        result: list[dict[str, Any]] = []
        for serial, template in enumerate(templates, start=1):
            result += self.household(serial, towns[serial % len(towns)], template(self.rng))
        return result


def age_on(birth: dt.date, day: dt.date = AS_OF) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def check_against_shared_data() -> None:
    """The hard-coded codes must be the real ones; skipped where shared/data is not available."""
    if not SHARED.is_dir():
        return
    with open(SHARED / "areas_2023.csv", encoding="utf-8") as f:
        areas = {row["code"]: row["name"] for row in csv.DictReader(f)}
    with open(SHARED / "zhuhai_streets_2023.csv", encoding="utf-8") as f:
        streets = {row["code"]: row["name"] for row in csv.DictReader(f) if row["areaCode"] == DISTRICT}
    assert streets == TOWNS, streets
    assert all(areas.get(code) == name for code, name in OTHER_AREAS.items()) and areas[DISTRICT] == "斗门区"


def main() -> None:
    check_against_shared_data()
    residents = Generator().residents()
    for r in residents:
        assert check_citizen_id(r["id_number"], AREA_CODES) is None, r
    ages = [age_on(dt.date.fromisoformat(r["birth_date"])) for r in residents]
    assert sum(a >= 80 for a in ages) >= 5 and sum(70 <= a < 80 for a in ages) >= 3 and sum(a < 6 for a in ages) >= 5
    assert 3 <= sum(r["id_number"][:6] != DISTRICT for r in residents) <= 12
    about = {
        "simulated": True,
        "note": "模拟数据：姓名、身份证号、户号、地址、手机号均为虚构；镇街名称与区划代码为真实数据（国家统计局2023，WTFPL）。",
        "generated_by": "simulators/population_register/make_residents.py",
        "seed": SEED,
        "ages_as_of": AS_OF.isoformat(),
    }
    # One resident per line keeps diffs of a regenerated file readable.
    lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in residents)
    OUT.write_text(f'{{"about": {json.dumps(about, ensure_ascii=False)},\n "residents": [\n{lines}\n]}}\n', encoding="utf-8")
    print(f"{OUT.relative_to(REPO)}: {len(residents)} residents in {len({r['household_number'] for r in residents})} households")


if __name__ == "__main__":
    main()
