"""Build the Doumen demo catalogue from the real Guang'an district catalogue (shared/data).

What is real, derived and invented is documented in docs/data-sources.md. Item names, basic codes
and item types come from the source; department names are mapped onto Doumen's departments, the
area and department parts of each 实施编码 are replaced by Doumen's, and the complete guides for the
most-used items come from ``guides.json``. The rest (handling mode, audience, themes, halls, yearly
volume) is derived by the rules below and marked as such in the docs.
"""

from __future__ import annotations

import csv
import hashlib
import json
import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

from ..models import Department, Hall, Handling, ItemType, Theme
from ..records import ItemRecord, MaterialRecord, save_records

DEMO_DIR = Path(__file__).resolve().parent
# 实施编码 = <basic code>-<12-digit area>-000-<department USCC>-<n>-<nn>
_AREA_IN_CODE = re.compile(r"^(.+?)-(\d{12})-")

_TYPE_BY_SOURCE = {
    "1": ItemType.LICENSING,
    "5": ItemType.BENEFIT,
    "7": ItemType.CONFIRMATION,
    "8": ItemType.REWARD,
    "9": ItemType.ADJUDICATION,
    "10": ItemType.OTHER_POWER,
    "20": ItemType.PUBLIC_SERVICE,
}
# Derived, not sourced: the handling mode an item of each type usually has in Guangdong.
_HANDLING_BY_TYPE = {
    ItemType.PUBLIC_SERVICE: Handling.ONLINE,
    ItemType.CONFIRMATION: Handling.ONLINE,
    ItemType.BENEFIT: Handling.ONE_VISIT,
    ItemType.LICENSING: Handling.ONE_VISIT,
    ItemType.REWARD: Handling.WINDOW,
    ItemType.ADJUDICATION: Handling.WINDOW,
    ItemType.OTHER_POWER: Handling.WINDOW,
}
# Guang'an has an administrative approval bureau (区行政审批局); Doumen's departments approve their
# own items. Its items are sent to the Doumen department whose keywords match first.
_APPROVAL_BUREAU = "区行政审批局"
_APPROVAL_ROUTES = [
    ("区文化广电旅游体育局", "演出 娱乐 出版 网吧 上网服务 旅行社 文物 体育 广播 电视 艺术 印刷 音像 卫星"),
    ("区卫生健康局", "医疗 诊所 护士 医师 卫生 母婴 放射 消毒 血 出生医学"),
    ("区交通运输局", "道路 运输 出租 公路 船舶 港口 航道 客运 货运 汽车 驾驶员 机动车维修"),
    ("区水务局", "水利 河道 取水 供水 排水 水土保持 水工程 堤防 蓄滞洪"),
    ("区住房城乡建设局", "建设工程 建筑 施工 房地产 燃气 招标 商品房 物业"),
    ("区教育局", "学校 教师 幼儿园 教育 培训机构"),
    ("区民政局", "养老 社会团体 民办非企业 殡葬 慈善 基金会 社会组织"),
    ("区农业农村局", "农药 兽 渔 种子 动物 植物 农机 畜禽 农作物 生鲜乳 饲料 肥料 蚕"),
    ("区自然资源局", "林 木材 草原 野生 土地 测绘 矿"),
    ("区生态环境局", "环境 排污 辐射 环评"),
    ("区人力资源社会保障局", "人力资源 劳务派遣 职业技能"),
    ("区城市管理综合执法局", "城市 市政 占用 挖掘 户外 招牌 绿化 树木 垃圾 城镇"),
    ("区应急管理局", "危险化学品 烟花爆竹 安全生产 非药品类易制毒"),
    ("区市场监管局", "食品 药品 医疗器械 企业 公司 个体工商户 合伙 独资 登记 特种设备 计量 广告 股权 名称"),
]
_COMPANY_WORDS = "企业 公司 单位 经营 机构 项目 工程 法人 团体 组织 合伙 个体工商户 纳税人 用人 场所 店".split()
_PERSON_WORDS = (
    "个人 居民 老年 残疾 学生 儿童 户口 婚 生育 出生 就业 失业 退休 军人 医疗费 津贴 补贴 证明 灵活就业 "
    "人员 驾驶 教师资格 执业医师 护士 公民 死亡 抚恤"
).split()


def source_csv() -> Path:
    # A copy of shared/data/service_items_guangan_sichuan (Apache-2.0; see docs/data-sources.md).
    return DEMO_DIR / "source" / "guangan_district_service_items.csv"


def _load_json(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _stable_number(text: str, modulo: int) -> int:
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) % modulo


def _has_any(text: str, words) -> bool:
    return any(w in text for w in words)


@transaction.atomic
def load_reference_data() -> dict[str, Department]:
    """Departments, themes and halls (idempotent)."""
    departments = {}
    for row in _load_json(DEMO_DIR / "departments.json"):
        department, _ = Department.objects.update_or_create(
            code=row["code"],
            defaults={
                "name": row["name"],
                "full_name": row["full_name"],
                "uscc": row["uscc"],
                "sort_order": row["sort"],
                # No invented numbers: the department page falls back to the 12345 hotline.
                "phone": "",
            },
        )
        for source_name in row["source_names"]:
            departments[source_name] = department
        departments[row["name"]] = department
    for order, row in enumerate(_load_json(DEMO_DIR / "themes.json"), start=1):
        Theme.objects.update_or_create(code=row["code"], defaults={**row, "sort_order": order})
    for order, row in enumerate(_load_json(DEMO_DIR / "halls.json"), start=1):
        hall_departments = row.pop("departments", [])
        hall, _ = Hall.objects.update_or_create(code=row["code"], defaults={**row, "sort_order": order})
        every = hall_departments == "*"
        hall.departments.set(Department.objects.all() if every else Department.objects.filter(code__in=hall_departments))
    return departments


# Derived, not sourced: what the self-service machines in bank halls (政务自助一体机) can do.
_KIOSK_WORDS = ("社会保障卡", "社保卡", "参保证明", "缴费", "查询", "打印", "完税证明")


def _halls_by_kind() -> dict[str, list[tuple[str, frozenset[str]]]]:
    """Each kind's halls with the departments present there."""
    found: dict[str, list[tuple[str, frozenset[str]]]] = {}
    for hall in Hall.objects.prefetch_related("departments"):
        found.setdefault(hall.kind, []).append((hall.code, frozenset(d.code for d in hall.departments.all())))
    return found


def _halls_for(record: ItemRecord, halls: dict[str, list[tuple[str, frozenset[str]]]]) -> list[str]:
    """The district centre handles everything; town centres the personal services, benefits and
    confirmations of the departments that have a window there (下沉到镇街); market-supervision
    offices their department's items; bank self-service areas what their machines can do."""
    codes = [code for code, _ in halls.get(Hall.Kind.ADMIN_CENTRE, [])]
    personal = record.for_person and record.item_type in (ItemType.PUBLIC_SERVICE, ItemType.BENEFIT, ItemType.CONFIRMATION)
    for kind, admits in (
        (Hall.Kind.TOWN_CENTRE, personal),
        (Hall.Kind.MARKET_OFFICE, True),
        (Hall.Kind.BANK_KIOSK, record.for_person and _has_any(record.name, _KIOSK_WORDS)),
    ):
        if admits:
            codes += [code for code, present in halls.get(kind, []) if record.department in present]
    return codes


def _basic_code(source_code: str) -> str:
    """The national basic code: what precedes the 12-digit area code (a few odd codes have none)."""
    match = _AREA_IN_CODE.match(source_code)
    return match.group(1) if match else "-".join(source_code.split("-")[:3])


def _department_for(row: dict, departments: dict[str, Department]) -> Department:
    if row["department"] != _APPROVAL_BUREAU:
        return departments[row["department"]]
    for name, words in _APPROVAL_ROUTES:
        if _has_any(row["item_name"], words.split()):
            return departments[name]
    return departments["区政务服务数据管理局"]


def _audience(name: str, item_type: str) -> tuple[bool, bool]:
    company = _has_any(name, _COMPANY_WORDS)
    person = _has_any(name, _PERSON_WORDS)
    if not company and not person:
        company = item_type in (ItemType.LICENSING, ItemType.OTHER_POWER)
        person = not company
    return person, company


def build_records(rows: list[dict], departments: dict[str, Department]) -> list[ItemRecord]:
    guides = {g["item_name"]: g for g in _load_json(DEMO_DIR / "guides.json")}
    themes = list(Theme.objects.values_list("code", "audience", "keywords"))
    halls = _halls_by_kind()
    records: dict[str, ItemRecord] = {}
    for row in rows + _rows_for_unsourced_guides(rows, guides):
        guide = guides.get(row["item_name"])
        department = departments[guide["department"]] if guide else _department_for(row, departments)
        basic_code = _basic_code(row["item_code"])
        code = f"{basic_code}-{settings.ONESTOP_AREA_CODE}000000-000-{department.uscc}-1-00"
        suffix = 1
        while code in records:  # two source items with one basic code in one Doumen department
            code = f"{basic_code}-{settings.ONESTOP_AREA_CODE}000000-000-{department.uscc}-1-{suffix:02d}"
            suffix += 1
        item_type = _TYPE_BY_SOURCE[row["task_type"]]
        if guide:
            for_person, for_company = "person" in guide["audience"], "company" in guide["audience"]
        else:
            for_person, for_company = _audience(row["item_name"], item_type)
        record = ItemRecord(
            code=code,
            basic_code=basic_code,
            name=row["item_name"],
            department=department.code,
            item_type=item_type,
            handling=_HANDLING_BY_TYPE[item_type],
            for_person=for_person,
            for_company=for_company,
            annual_volume=_stable_number(code, 120),
        )
        if guide:
            _apply_guide(record, guide)
        audiences = {a for a, flag in (("person", record.for_person), ("company", record.for_company)) if flag}
        record.themes = [
            code for code, audience, keywords in themes if audience in audiences and _has_any(record.name, keywords.split())
        ]
        record.halls = _halls_for(record, halls)
        records[code] = record
    return list(records.values())


def _rows_for_unsourced_guides(rows: list[dict], guides: dict[str, dict]) -> list[dict]:
    """Source-like rows for guided items that the (Sichuan) source catalogue lacks, such as Guangdong's
    生育登记: such a guide names its own basic code (invented, ``DM-…``) and item type."""
    listed = {row["item_name"] for row in rows}
    task_type = {item_type: code for code, item_type in _TYPE_BY_SOURCE.items()}
    return [
        {"item_name": name, "item_code": guide["basic_code"], "task_type": task_type[ItemType(guide["item_type"])],
         "department": guide["department"]}
        for name, guide in guides.items()
        if name not in listed and "basic_code" in guide
    ]


def _apply_guide(record: ItemRecord, guide: dict) -> None:
    for key in (
        "handling statutory_days promised_days fee_fen fee_note legal_basis conditions procedure visits "
        "instant_approval annual_volume"
    ).split():
        setattr(record, key, guide[key])
    record.process_key = guide.get("process_key", "")
    record.materials = [
        MaterialRecord(
            name=m["name"],
            form=m["form"],
            count=m["count"],
            required=m["required"],
            ecert=m.get("ecert") or None,
            ecert_fields=m.get("ecert_fields"),
            note=m.get("note", ""),
        )
        for m in guide["materials"]
    ]


def read_source(limit: int | None = None) -> list[dict]:
    with source_csv().open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    if limit is None:
        return rows
    # A smaller catalogue keeps every guided item and fills up with the others.
    guided = {g["item_name"] for g in _load_json(DEMO_DIR / "guides.json")}
    chosen = [r for r in rows if r["item_name"] in guided]
    chosen += [r for r in rows if r["item_name"] not in guided][: max(0, limit - len(chosen))]
    return chosen


def load_demo_catalog(limit: int | None = None, before_items=None) -> tuple[int, int]:
    """Departments, themes and halls, then ``before_items()`` (the certificate types that materials
    refer to, loaded by the certs app), then the items."""
    departments = load_reference_data()
    if before_items:
        before_items()
    return save_records(build_records(read_source(limit), departments))
