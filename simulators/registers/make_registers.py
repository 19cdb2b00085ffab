"""Generate the data of the six register simulators from the demo residents and the demo companies.

Run from the repository root: ``.venv/bin/python -m simulators.registers.make_registers``.
Reads ``simulators/population_register/residents.json`` and the demo company list (``COMPANIES`` in
``onestop/accounts/demo/loader.py``, read without importing Django) and writes one JSON file per
register into ``data/``. Seeded and dated (ages and months as on ``AS_OF``), so the same inputs give
the same files; a test checks the committed files equal this script's output.

Everything about the people and companies is invented. Real: the division codes and town names
(from residents.json), the schools' national codes (全国高等学校名单), the format of certificate,
case and USCC numbers. Who illustrates which instant-approval scenario is chosen by name below and
listed in docs/simulators.md.
"""

from __future__ import annotations

import ast
import datetime as dt
import json
import random
from collections import defaultdict
from pathlib import Path
from typing import Any

from onestop.core.identifiers import check_citizen_id, check_uscc, make_uscc

SEED = 440404
AS_OF = dt.date(2026, 11, 27)
REPO = Path(__file__).resolve().parents[2]
RESIDENTS_FILE = REPO / "simulators" / "population_register" / "residents.json"
LOADER_FILE = REPO / "onestop" / "accounts" / "demo" / "loader.py"
OUT_DIR = Path(__file__).with_name("data")
REGISTERS = ("marriage", "social_insurance", "disability", "company_register", "credit", "education", "subsidy_payments")
ADULT_AGE = 18
ZHUHAI = "珠海市"

# ---------------------------------------------------------------------------------------------------
# Demo companies: the derivation of onestop/accounts/demo/loader.py, reproduced on AS_OF.
# ---------------------------------------------------------------------------------------------------
# Copied from load_companies(): the town and road of the i-th company's address (i % 6).
LOADER_TOWNS = ("井岸镇", "白蕉镇", "乾务镇", "斗门镇", "莲洲镇", "白藤街道")
LOADER_ROADS = ("新青路", "珠峰大道", "白蕉路", "乾务大道", "莲江路", "白藤一路")
TOWN_CODES = {
    "白藤街道": "440403001", "莲洲镇": "440403100", "斗门镇": "440403103",
    "乾务镇": "440403105", "白蕉镇": "440403106", "井岸镇": "440403107",
}
# The loader's legal representatives are the people older than 25 * 365 days, in load order.
LEGAL_REP_MIN_DAYS = 25 * 365


def loader_companies() -> list[tuple[str, str, str, str]]:
    """``COMPANIES`` of the accounts loader, read from its source (importing it needs Django)."""
    tree = ast.parse(LOADER_FILE.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "COMPANIES" for t in node.targets):
            return [tuple(row) for row in ast.literal_eval(node.value)]
    raise LookupError(f"COMPANIES not found in {LOADER_FILE}")


def demo_company_identity(residents: list[dict[str, Any]], as_of: dt.date = AS_OF) -> list[dict[str, Any]]:
    """USCC, name, type, scope, legal representative and address of each demo company, as
    ``load_companies()`` derives them when run on ``as_of`` after ``load_people()`` (people in file order)."""
    adults = [r for r in residents if (as_of - dt.date.fromisoformat(r["birth_date"])).days > LEGAL_REP_MIN_DAYS]
    out = []
    for i, (name, prefix, company_type, scope) in enumerate(loader_companies()):
        rep = adults[(i * 3) % len(adults)]
        town = LOADER_TOWNS[i % 6]
        out.append({
            "uscc": make_uscc(prefix, "440403", f"MA{i + 1:04d}X{i % 10}"),
            "name": name,
            "company_type": company_type,
            "legal_representative": rep["name"],
            "legal_representative_id_number": rep["id_number"],
            "address": f"珠海市斗门区{town}{LOADER_ROADS[i % 6]}{10 + i * 7}号",
            "division_code": TOWN_CODES[town],
            "business_scope": scope,
        })
    return out


# ---------------------------------------------------------------------------------------------------
# Who illustrates what (names of residents in residents.json; the generator fails if one is missing).
# ---------------------------------------------------------------------------------------------------
ABNORMAL_COMPANY = "珠海市斗门区鸿运物流有限公司"  # 列入经营异常名录
# Companies that are not demo accounts: (name, org code body, type, scope, status, established, legal rep, town, road, capital in yuan).
EXTRA_COMPANIES = [
    ("珠海市斗门区丰泽电子贸易有限公司", "68642153", "有限责任公司（自然人投资或控股）", "电子产品销售；五金产品批发",
     "注销", "2009-04-16", "赵伟坚", "井岸镇", "西埔路", 1_000_000),
    ("珠海市斗门区鑫源五金制品有限公司", "55361802", "有限责任公司（自然人独资）", "五金产品制造；金属制品销售",
     "吊销", "2011-09-08", "区俊强", "白蕉镇", "白蕉工业区二路", 500_000),
]

# 失信被执行人: (subject: resident name or company name, [(case number, filed on, obligation)]).
COURT = "珠海市斗门区人民法院"
CREDIT_LISTED = [
    ("区俊强", [("（2024）粤0403执1234号", "2024-09-18", "偿还借款本金人民币280,000元及利息")]),
    ("陈建华", [("（2025）粤0403执2087号", "2025-06-05", "支付货款人民币56,800元")]),
    ("珠海井岸建筑工程有限公司", [
        ("（2023）粤0403执3310号", "2023-12-11", "支付工程款人民币1,265,000元及逾期付款利息"),
        ("（2025）粤0403执815号", "2025-03-27", "支付劳务报酬人民币214,500元"),
    ]),
]

# Social insurance: explicit histories as (city, first month, last month, kind); kind "employee" pays
# pension and unemployment insurance, "flexible" (灵活就业) pension only.
SI_HISTORY: dict[str, tuple[str, list[tuple[str, str, str, str]]]] = {
    # unemployed, ≥ 12 months of unemployment insurance: 失业保险金 approves
    "谭燕芳": ("失业", [(ZHUHAI, "2012-08", "2019-06", "employee"), (ZHUHAI, "2019-09", "2026-08", "employee")]),
    "赵伟坚": ("失业", [(ZHUHAI, "1994-03", "2026-09", "employee")]),
    # unemployed, < 12 months: 失业保险金 does not
    "陈诗琪": ("失业", [(ZHUHAI, "2025-10", "2026-06", "employee")]),
    # never insured
    "余思彤": ("失业", []),
    "陈思怡": ("灵活就业", []),
    # 3-5 months in Zhuhai in the last 12
    "冯梓琪": ("在职", [(ZHUHAI, "2026-06", "2026-10", "employee")]),
    "赵可晴": ("在职", [("广州市", "2024-08", "2026-07", "employee"), (ZHUHAI, "2026-08", "2026-10", "employee")]),
    "温思颖": ("在职", [(ZHUHAI, "2020-09", "2024-12", "employee"), (ZHUHAI, "2026-07", "2026-10", "employee")]),
    # insured in another city
    "李家辉": ("灵活就业", [("江门市", "2015-08", "2026-10", "flexible")]),
    # flexible work with gaps
    "黄淑芳": ("灵活就业", [(ZHUHAI, "2003-03", "2019-12", "employee"), (ZHUHAI, "2025-06", "2026-01", "flexible"),
                        (ZHUHAI, "2026-08", "2026-10", "flexible")]),
    "梁淑萍": ("灵活就业", [(ZHUHAI, "1996-05", "2016-04", "employee"), (ZHUHAI, "2016-05", "2026-10", "flexible")]),
}
SI_NO_RECORD = {"区梓睿"}  # a full-time student: no record at all (404)

# Disability: (name, category, grade, issued on, needs care, low income, valid years).
DISABILITY = [
    ("谭棠祥", "肢体", 1, "2019-03-12", True, False, 10),
    ("赵耀池", "视力", 2, "2021-08-20", True, True, 10),
    ("卢树林", "肢体", 2, "2020-05-18", False, False, 10),
    ("陈带兰", "听力", 3, "2022-11-03", False, False, 10),
    ("罗俊宇", "智力", 3, "2023-09-15", False, False, 10),
    ("黄淑芳", "肢体", 4, "2018-06-25", False, True, 10),
    ("李汝生", "视力", 1, "2015-04-22", True, False, 10),  # expired on 2025-04-21
]
# 第二代残疾人证号 = ID number + category digit + grade digit.
DISABILITY_CATEGORIES = {"视力": "1", "听力": "2", "言语": "3", "肢体": "4", "智力": "5", "精神": "6", "多重": "7"}

# Subsidies paid to individuals through 惠民惠农财政补贴资金“一卡通”: (name, subsidy, since, until or None,
# monthly amount in fen). Someone already paid a subsidy must not be approved for it again.
SUBSIDY_PAYMENTS = [
    ("陈根生", "高龄津贴", "2020-05", None, 10000),  # paid since turning 80: a new application is a duplicate
    ("赵福池", "高龄津贴", "2024-01", "2025-06", 10000),  # stopped (moved out, since returned): may apply again
    ("赵耀池", "重度残疾人护理补贴", "2021-09", None, 23000),
    ("赵耀池", "困难残疾人生活补贴", "2021-09", None, 18000),
    ("赵耀池", "最低生活保障金", "2019-03", None, 96000),
    ("黄淑芳", "最低生活保障金", "2020-07", None, 96000),
    ("梁淑萍", "灵活就业社会保险补贴", "2024-06", None, 60000),
]
SUBSIDY_PAYER = "珠海市斗门区财政局（一卡通）"

# Education: higher-education certificates as (level, school, major[, graduation year, full time]).
# Level codes and 办学类型 of the 18-digit 学历证书编号 (电子注册号): school code (5) + 办学类型 (1:
# 普通高等教育, 5: 成人高等教育) + year (4) + 培养层次 (01 博士研究生, 02 硕士研究生, 05 本科, 06 专科) + serial (6).
LEVELS = {
    "博士": ("博士研究生", "博士", "01"),
    "硕士": ("硕士研究生", "硕士", "02"),
    "本科": ("大学本科", "学士", "05"),
    "专科": ("大学专科", "无", "06"),
}
SCHOOLS = {
    "中山大学": "10558", "暨南大学": "10559", "华南理工大学": "10561", "华南农业大学": "10564",
    "华南师范大学": "10574", "深圳大学": "10590", "广州大学": "11078", "广东工业大学": "11845",
    "顺德职业技术学院": "10831", "广东轻工职业技术学院": "10833", "江门职业技术学院": "13711",
    "珠海城市职业技术学院": "13713", "中山职业技术学院": "14066",
}
EDUCATION: dict[str, list[tuple]] = {
    "卢建斌": [("本科", "华南理工大学", "化学工程与工艺"), ("硕士", "华南理工大学", "化学工程"), ("博士", "中山大学", "环境科学")],
    "杨俊雄": [("本科", "华南理工大学", "土木工程"), ("硕士", "华南理工大学", "结构工程")],
    "叶少芳": [("本科", "暨南大学", "会计学"), ("硕士", "暨南大学", "会计")],
    "赵志涛": [("本科", "华南农业大学", "水产养殖学"), ("硕士", "华南农业大学", "水产")],
    "麦家荣": [("本科", "华南农业大学", "食品科学与工程")],
    "莫家涛": [("本科", "广东工业大学", "机械设计制造及其自动化")],
    "刘雪霞": [("本科", "华南理工大学", "软件工程")],
    "苏智轩": [("本科", "深圳大学", "酒店管理")],
    "卢思彤": [("本科", "华南师范大学", "学前教育"), ("硕士", "华南师范大学", "学前教育学")],
    "杨宇熙": [("本科", "广东工业大学", "物流工程")],
    "冯梓琪": [("本科", "暨南大学", "新闻学")],
    "陈诗琪": [("本科", "华南师范大学", "汉语言文学")],
    "赵可晴": [("本科", "广州大学", "英语")],
    "余思彤": [("本科", "中山大学", "社会学")],
    "罗文强": [("本科", "广州大学", "土木工程")],
    "刘淑敏": [("本科", "华南师范大学", "学前教育")],
    "邓淑芳": [("本科", "广州大学", "旅游管理")],
    "李诗妍": [("专科", "珠海城市职业技术学院", "会计"), ("本科", "华南师范大学", "会计学", 2021, False)],
    "黄诗悦": [("专科", "珠海城市职业技术学院", "农业经济管理")],
    "刘少霞": [("专科", "广东轻工职业技术学院", "物业管理")],
    "温思颖": [("专科", "中山职业技术学院", "电子商务")],
    "李少萍": [("专科", "江门职业技术学院", "护理")],
    "谭燕芳": [("专科", "珠海城市职业技术学院", "市场营销")],
    "李家辉": [("专科", "顺德职业技术学院", "机电一体化技术")],
    "陈建华": [("专科", "广东轻工职业技术学院", "计算机应用技术")],
    "叶惠玲": [("专科", "珠海城市职业技术学院", "文秘")],
    "陈思怡": [("专科", "珠海城市职业技术学院", "视觉传达设计")],
}
# Without a higher-education certificate: 初中及以下 for these and for everyone 65 or older, else 高中.
BELOW_HIGH_SCHOOL = {"陈志华", "梁淑萍"}


# ---------------------------------------------------------------------------------------------------
def age_on(birth: dt.date, day: dt.date = AS_OF) -> int:
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def birth(r: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(r["birth_date"])


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def month_index(value: str | dt.date) -> int:
    if isinstance(value, dt.date):
        return value.year * 12 + value.month - 1
    year, month = value.split("-")
    return int(year) * 12 + int(month) - 1


def month_str(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


# Contributions are known up to the month before AS_OF; "the last 12 months" are the 12 up to it.
LAST_MONTH = month_index(AS_OF) - 1
WINDOW = range(LAST_MONTH - 11, LAST_MONTH + 1)


class Generator:
    def __init__(self, residents: list[dict[str, Any]] | None = None) -> None:
        self.residents = residents if residents is not None else read_residents()
        self.by_name = {r["name"]: r for r in self.residents}
        if len(self.by_name) != len(self.residents):
            raise ValueError("resident names must be unique: the scenarios pick residents by name")
        self.households: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for r in self.residents:
            self.households[r["household_number"]].append(r)
        self.adults = [r for r in self.residents if age_on(birth(r)) >= ADULT_AGE]
        self.companies = self._companies()
        self.education = self._education()

    def person(self, name: str) -> dict[str, Any]:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"{name} is not among the demo residents: update make_registers.py") from None

    def rng(self, *key: object) -> random.Random:
        # One stream per record, so changing one scenario does not reshuffle every other record.
        return random.Random(f"{SEED}:" + ":".join(map(str, key)))

    # --- family ------------------------------------------------------------------------------------
    def spouse(self, r: dict[str, Any]) -> dict[str, Any] | None:
        if r["marital_status"] != "已婚":
            return None
        pair = {"户主": ("配偶",), "配偶": ("户主",), "父母": ("父母",)}.get(r["relationship"], ())
        found = [m for m in self.households[r["household_number"]]
                 if m is not r and m["relationship"] in pair and m["marital_status"] == "已婚" and m["gender"] != r["gender"]]
        return found[0] if len(found) == 1 else None

    def children(self, r: dict[str, Any]) -> list[dict[str, Any]]:
        """The person's children registered in the same household."""
        members = self.households[r["household_number"]]
        if r["relationship"] in ("户主", "配偶"):
            return [m for m in members if m["relationship"] == "子女"]
        if r["relationship"] == "父母":
            return [m for m in members if m["relationship"] == "户主"]
        return []

    # --- marriage ----------------------------------------------------------------------------------
    @staticmethod
    def registry(day: dt.date) -> str:
        if day < dt.date(1965, 7, 1):  # before 斗门县 was set up, from parts of 中山县 and 新会县
            return "中山县人民委员会"
        if day < dt.date(2001, 4, 1):  # 斗门县 became 珠海市斗门区 in 2001
            return "斗门县民政局"
        return "珠海市斗门区民政局婚姻登记处"

    def wedding_day(self, r: dict[str, Any], spouse: dict[str, Any] | None) -> dt.date:
        husband, wife = (r, spouse) if r["gender"] == "男" else (spouse, r)
        legal = max(add_years(birth(wife), 20) if wife else dt.date.min, add_years(birth(husband), 22) if husband else dt.date.min)
        couple = sorted(x["id_number"] for x in (r, spouse) if x)
        rng = self.rng("wedding", *couple)
        kids = self.children(r)
        if kids:
            day = min(birth(k) for k in kids) - dt.timedelta(days=rng.randint(300, 1000))
        else:
            day = add_years(birth(wife or r), rng.randint(22, 25)) + dt.timedelta(days=rng.randint(0, 200))
        return min(max(day, legal + dt.timedelta(days=rng.randint(30, 200))), AS_OF - dt.timedelta(days=30))

    def marriage(self) -> list[dict[str, Any]]:
        records = []
        for r in self.adults:
            status, spouse = r["marital_status"], self.spouse(r)
            if status == "已婚" and spouse is None:
                raise ValueError(f"{r['name']} is 已婚 but has no 已婚 partner in the household")
            registered_on = registry = None
            if status == "已婚":
                day = self.wedding_day(r, spouse)
                registered_on, registry = day.isoformat(), self.registry(day)
            elif status == "丧偶":  # the registry of the marriage that ended
                registry = self.registry(self.wedding_day(r, None))
            elif status == "离婚":  # the registry of the divorce
                registry = "珠海市斗门区民政局婚姻登记处"
            records.append({
                "id_number": r["id_number"],
                "marital_status": status,
                "spouse_id_number": spouse["id_number"] if spouse else None,
                "spouse_name": spouse["name"] if spouse else None,
                "registered_on": registered_on,
                "registry": registry,
                "children_count": len(self.children(r)),
            })
        return records

    # --- companies ---------------------------------------------------------------------------------
    def _companies(self) -> list[dict[str, Any]]:
        out = []
        for c in demo_company_identity(self.residents):
            rep = next(r for r in self.residents if r["id_number"] == c["legal_representative_id_number"])
            rng = self.rng("company", c["uscc"])
            # "MA" codes are given to entities registered after the 2015 reform; and the founder was 18.
            earliest = max(dt.date(2015, 11, 1), add_years(birth(rep), 18))
            established = earliest + dt.timedelta(days=rng.randint(0, (dt.date(2025, 12, 31) - earliest).days))
            individual = c["company_type"] == "个体工商户"
            capital_yuan = rng.choice((30_000, 50_000, 100_000, 200_000)) if individual else rng.choice((1_000_000, 2_000_000, 3_000_000, 5_000_000, 10_000_000))
            out.append({
                "uscc": c["uscc"], "name": c["name"], "company_type": c["company_type"],
                "legal_representative": c["legal_representative"],
                "legal_representative_id_number": c["legal_representative_id_number"],
                "registered_capital_fen": capital_yuan * 100,
                "established_on": established.isoformat(),
                "status": "存续",
                "address": c["address"], "division_code": c["division_code"], "business_scope": c["business_scope"],
                "abnormal": c["name"] == ABNORMAL_COMPANY,
            })
        if sum(c["abnormal"] for c in out) != 1:
            raise ValueError(f"{ABNORMAL_COMPANY} is not a demo company")
        for i, (name, org, company_type, scope, status, established, rep_name, town, road, capital) in enumerate(EXTRA_COMPANIES):
            rep = self.person(rep_name)
            out.append({
                "uscc": make_uscc("91", "440403", org), "name": name, "company_type": company_type,
                "legal_representative": rep["name"], "legal_representative_id_number": rep["id_number"],
                "registered_capital_fen": capital * 100, "established_on": established, "status": status,
                "address": f"珠海市斗门区{town}{road}{18 + 11 * i}号", "division_code": TOWN_CODES[town],
                "business_scope": scope, "abnormal": status == "吊销",
            })
        return out

    def company_register(self) -> list[dict[str, Any]]:
        return self.companies

    # --- credit ------------------------------------------------------------------------------------
    def credit(self) -> list[dict[str, Any]]:
        by_company_name = {c["name"]: c for c in self.companies}
        out = []
        for subject_name, cases in CREDIT_LISTED:
            subject = by_company_name[subject_name]["uscc"] if subject_name in by_company_name else self.person(subject_name)["id_number"]
            out.append({
                "subject": subject,
                "listed": True,
                "records": [{"case_number": n, "court": COURT, "listed_on": on, "obligation": what} for n, on, what in cases],
            })
        return out

    # --- disability --------------------------------------------------------------------------------
    def disability(self) -> list[dict[str, Any]]:
        out = []
        for name, category, grade, issued, needs_care, low_income, years in DISABILITY:
            r = self.person(name)
            issued_on = dt.date.fromisoformat(issued)
            out.append({
                "id_number": r["id_number"],
                "certificate_number": f"{r['id_number']}{DISABILITY_CATEGORIES[category]}{grade}",
                "category": category,
                "grade": grade,
                "issued_on": issued,
                "valid_until": (add_years(issued_on, years) - dt.timedelta(days=1)).isoformat(),
                "needs_care": needs_care,
                "low_income": low_income,
            })
        return out

    # --- subsidy payments (一卡通) -------------------------------------------------------------------
    def subsidy_payments(self) -> list[dict[str, Any]]:
        by_person: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for name, subsidy, since, until, monthly_fen in SUBSIDY_PAYMENTS:
            by_person[name].append({
                "subsidy": subsidy, "status": "发放中" if until is None else "已停发", "since": since,
                "until": until, "monthly_fen": monthly_fen, "payer": SUBSIDY_PAYER,
            })
        return [{"id_number": self.person(name)["id_number"], "payments": payments}
                for name, payments in by_person.items()]

    # --- education ---------------------------------------------------------------------------------
    def _education(self) -> dict[str, dict[str, Any]]:
        out = {}
        serials: set[str] = set()
        for r in self.adults:
            records, year = [], None
            for entry in EDUCATION.get(r["name"], ()):
                level, school, major, *rest = entry
                education, degree, level_code = LEVELS[level]
                # School starts in the September after the sixth birthday (born from September: a year later).
                school_start = birth(r).year + (1 if birth(r).month >= 9 else 0)
                default_year = {"专科": school_start + 21, "本科": school_start + 22}.get(level, (year or 0) + 3)
                year = rest[0] if rest else default_year
                full_time = rest[1] if len(rest) > 1 else True
                rng = self.rng("education", r["id_number"], level)
                while (serial := f"{rng.randint(1, 9999):06d}") in serials:
                    pass
                serials.add(serial)
                graduated = dt.date(year, 6, 30) if full_time else dt.date(year, 1, 10)
                if graduated > AS_OF:
                    raise ValueError(f"{r['name']} graduates after {AS_OF}")
                records.append({
                    "education": education,
                    "degree": degree,
                    "school": school,
                    "major": major,
                    "graduated_on": graduated.isoformat(),
                    "certificate_number": f"{SCHOOLS[school]}{'1' if full_time else '5'}{year}{level_code}{serial}",
                    "full_time": full_time,
                })
            if records:
                top = max(records, key=lambda e: -int(e["certificate_number"][10:12]))
                highest_education = top["education"]
                degrees = [e["degree"] for e in records if e["degree"] != "无"]
                highest_degree = min(degrees, key=["博士", "硕士", "学士"].index) if degrees else "无"
            else:
                low = r["name"] in BELOW_HIGH_SCHOOL or age_on(birth(r)) >= 65
                highest_education, highest_degree = ("初中及以下" if low else "高中"), "无"
            out[r["id_number"]] = {
                "id_number": r["id_number"],
                "highest_degree": highest_degree,
                "highest_education": highest_education,
                "records": records,
            }
        return out

    def education_register(self) -> list[dict[str, Any]]:
        return list(self.education.values())

    # --- social insurance --------------------------------------------------------------------------
    def _career_start(self, r: dict[str, Any]) -> int:
        """First month someone could have paid contributions: after 18, and after their last graduation."""
        start = month_index(add_years(birth(r), ADULT_AGE)) + 1
        for e in self.education[r["id_number"]]["records"]:
            if e["full_time"]:
                start = max(start, month_index(e["graduated_on"][:7]) + 1)
        return start

    def _history(self, r: dict[str, Any], employers: dict[str, dict[str, Any]], cycle: list[dict[str, Any]]):
        """(employment status, spells [(city, first, last, kind)], employer or None)."""
        name, age = r["name"], age_on(birth(r))
        rng = self.rng("social-insurance", r["id_number"])
        if name in SI_HISTORY:
            status, spells = SI_HISTORY[name]
            spells = [(c, month_index(a), month_index(b), k) for c, a, b, k in spells]
            employer = None
            if status == "在职":
                employer = employers.get(r["id_number"]) or cycle[len(employers) % len(cycle)]
                employers.setdefault(r["id_number"], employer)
            return status, spells, employer
        if age >= 60:
            # Men retire at 60, women at 55 (urban employees) or 60 (rural residents' scheme).
            urban = r["registration_type"] == "城镇"
            retired = month_index(add_years(birth(r), 55 if urban and r["gender"] == "女" else 60))
            if urban:
                first = max(month_index(add_years(birth(r), 20)), month_index("1992-01"))
                spells = [(ZHUHAI, first, retired - 1, "employee")] if retired - 1 >= first else []
            else:  # 城乡居民养老保险 from 2010; people already 60 by then draw the basic pension without paying
                first = month_index("2010-01")
                spells = [(ZHUHAI, first, retired - 1, "resident")] if retired - 1 >= first else []
            return "退休", spells, None
        start = self._career_start(r)
        own = next((c for c in self.companies if c["legal_representative_id_number"] == r["id_number"] and c["status"] == "存续"), None)
        if own and own["company_type"] == "个体工商户":
            # The owner of an individual business pays as a flexible worker from the day it opened.
            opened = max(month_index(own["established_on"][:7]), start)
            spells = [(ZHUHAI, start, opened - 1, "employee")] if opened - start >= 6 else []
            return "灵活就业", [*spells, (ZHUHAI, opened, LAST_MONTH, "flexible")], None
        employer = own or cycle[len(employers) % len(cycle)]
        employers[r["id_number"]] = employer
        first = min(start + rng.randint(0, 24), LAST_MONTH - 13)
        return "在职", [(ZHUHAI, first, LAST_MONTH, "employee")], employer

    def social_insurance(self) -> list[dict[str, Any]]:
        cycle = [c for c in self.companies if c["status"] == "存续" and c["company_type"] != "个体工商户"]
        employers: dict[str, dict[str, Any]] = {}
        for name in SI_HISTORY:
            self.person(name)
        out = []
        for r in self.adults:
            if r["name"] in SI_NO_RECORD:
                continue
            status, spells, employer = self._history(r, employers, cycle)
            months = sorted({m for _, a, b, _ in spells for m in range(a, b + 1)})
            zhuhai = {m for c, a, b, _ in spells if c == ZHUHAI for m in range(a, b + 1)}
            last = months[-1] if months else None
            run = 0
            if last == LAST_MONTH:
                while LAST_MONTH - run in zhuhai:
                    run += 1
            insured = bool(spells) or status == "退休"
            if not insured:
                state = "未参保"
            elif status == "退休" or last == LAST_MONTH:
                state = "正常参保"
            else:
                state = "暂停缴费"
            out.append({
                "id_number": r["id_number"],
                "insured": insured,
                "status": state,
                "city": (max(spells, key=lambda s: s[2])[0] if spells else ZHUHAI) if insured else None,
                "employer_uscc": employer["uscc"] if employer else None,
                "employer_name": employer["name"] if employer else None,
                "pension_months_total": len(months),
                "months_in_city_last_12": len(zhuhai.intersection(WINDOW)),
                "continuous_months": run,
                "last_paid_month": month_str(last) if last is not None else None,
                "unemployment_insured_months": len({m for _, a, b, k in spells if k == "employee" for m in range(a, b + 1)}),
                "employment_status": status,
            })
        return out

    def build(self) -> dict[str, list[dict[str, Any]]]:
        return {
            "marriage": self.marriage(),
            "social_insurance": self.social_insurance(),
            "disability": self.disability(),
            "company_register": self.company_register(),
            "credit": self.credit(),
            "education": self.education_register(),
            "subsidy_payments": self.subsidy_payments(),
        }


def read_residents() -> list[dict[str, Any]]:
    return json.loads(RESIDENTS_FILE.read_text(encoding="utf-8"))["residents"]


ABOUT = {
    "simulated": True,
    "note": "模拟数据：人员与企业信息均为虚构，仅供开发、演示与测试；区划代码、院校代码与编号格式为真实规则。",
    "generated_by": "simulators/registers/make_registers.py",
    "seed": SEED,
    "as_of": AS_OF.isoformat(),
}


def render(register: str, records: list[dict[str, Any]]) -> str:
    lines = ",\n".join("  " + json.dumps(r, ensure_ascii=False) for r in records)
    about = {**ABOUT, "register": register}
    return f'{{"about": {json.dumps(about, ensure_ascii=False)},\n "records": [\n{lines}\n]}}\n'


def main() -> None:
    data = Generator().build()
    for register in REGISTERS:
        for record in data[register]:
            for key in ("id_number", "legal_representative_id_number"):
                if key in record:
                    assert check_citizen_id(record[key]) is None, record
            if "uscc" in record:
                assert check_uscc(record["uscc"]) is None, record
    OUT_DIR.mkdir(exist_ok=True)
    for register in REGISTERS:
        path = OUT_DIR / f"{register}.json"
        path.write_text(render(register, data[register]), encoding="utf-8")
        print(f"{path.relative_to(REPO)}: {len(data[register])} records")


if __name__ == "__main__":
    main()
