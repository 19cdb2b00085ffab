"""Demo people (the population-register simulator's fictitious residents), companies and staff."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from onestop.catalog.models import Department
from onestop.core.identifiers import make_uscc

from ..models import Company, IdentityVerification, Person, Role, StaffProfile, User

RESIDENTS = Path(settings.BASE_DIR) / "simulators" / "population_register" / "residents.json"
DEMO_STAFF_PASSWORD = "onestop-demo-2026"  # documented in the README; a demo installation only
ADULT_AGE = 18

# (name, kind prefix 91 company / 92 individual business, company type, scope)
COMPANIES = [
    ("珠海市斗门区荣记餐饮店", "92", "个体工商户", "餐饮服务；食品销售"),
    ("珠海斗门白蕉海鲈水产养殖有限公司", "91", "有限责任公司（自然人投资或控股）", "水产养殖；水产品批发；食品销售"),
    ("珠海市斗门区井岸镇明华五金店", "92", "个体工商户", "五金产品零售"),
    ("珠海莲洲生态农业发展有限公司", "91", "有限责任公司（自然人投资或控股）", "农业种植；农产品销售；休闲观光"),
    ("珠海市斗门区乾务镇好味道食品店", "92", "个体工商户", "食品销售（仅销售预包装食品）"),
    ("珠海斗门新青科技有限公司", "91", "有限责任公司（自然人投资或控股）", "软件开发；信息技术咨询服务"),
    ("珠海市斗门区白藤街道康宁药店", "92", "个体工商户", "药品零售；医疗器械销售"),
    ("珠海市斗门区黄杨山文化传播有限公司", "91", "有限责任公司（自然人独资）", "组织文化艺术交流活动；营业性演出"),
    ("珠海市斗门区斗门镇旧街茶楼", "92", "个体工商户", "餐饮服务；食品销售"),
    ("珠海井岸建筑工程有限公司", "91", "有限责任公司（自然人投资或控股）", "建设工程施工；建筑劳务分包"),
    ("珠海市斗门区鸿运物流有限公司", "91", "有限责任公司（自然人投资或控股）", "道路货物运输；普通货物仓储服务"),
    ("珠海市斗门区白蕉镇乐家超市", "92", "个体工商户", "食品销售；日用百货销售"),
    ("珠海斗门御温泉酒店管理有限公司", "91", "有限责任公司（自然人投资或控股）", "住宿服务；餐饮服务；洗浴服务"),
    ("珠海市斗门区井岸镇美发工作室", "92", "个体工商户", "理发服务；美容服务"),
    ("珠海市斗门区智达职业培训学校有限公司", "91", "有限责任公司（自然人独资）", "职业技能培训"),
    ("珠海市斗门区乾务镇海记海鲜大排档", "92", "个体工商户", "餐饮服务"),
    ("珠海斗门绿源环保科技有限公司", "91", "有限责任公司（自然人投资或控股）", "固体废物治理；环保咨询服务"),
    ("珠海市斗门区莲洲镇农资经营部", "92", "个体工商户", "农药零售；化肥销售；种子零售"),
    ("珠海市斗门区安居物业服务有限公司", "91", "有限责任公司（自然人投资或控股）", "物业管理；家政服务"),
    ("珠海市斗门区白藤街道童趣托育中心", "91", "有限责任公司（自然人独资）", "托育服务"),
]

# Departments that get demo staff, by code (departments.json).
STAFFED = ["D001", "D002", "D003", "D004", "D005", "D006", "D007", "D008", "D009", "D020", "D023", "D025", "D026"]


def read_residents() -> list[dict]:
    return json.loads(RESIDENTS.read_text(encoding="utf-8"))["residents"]


@transaction.atomic
def load_people() -> dict[int, dict]:
    """Every resident becomes a Person; adults with a mobile also get a citizen account.
    Returns each person's register record by the person's pk."""
    today = timezone.localdate()
    register = {}
    for row in read_residents():
        person = Person.objects.with_id_number(row["id_number"]).first() or Person()
        person.set_id_number(row["id_number"])
        birth = dt.date.fromisoformat(row["birth_date"])
        person.name = row["name"]
        person.gender = "M" if row["gender"] == "男" else "F"
        person.birth_date = birth
        person.address = row["address"]
        person.division_code = row["division_code"]
        person.mobile = row.get("mobile") or ""
        adult = (today - birth).days >= ADULT_AGE * 365.25
        if adult and person.mobile and person.user_id is None:
            user, _ = User.objects.get_or_create(
                username=f"m{person.mobile}", defaults={"kind": User.Kind.CITIZEN, "mobile": person.mobile}
            )
            user.set_unusable_password()
            user.save()
            person.user = user
            person.real_name_verified_at = timezone.now()
            person.save()
            # Demo accounts count as verified; the audit says how (no carrier or clerk was asked).
            IdentityVerification.objects.create(
                user=user, person=person, method=IdentityVerification.Method.DEMO,
                detail="演示数据：residents.json 中的居民与其手机号码",
            )
        person.save()
        register[person.pk] = row
    return register


# The demo data is fixed as of this day, so that the companies' representatives agree with the
# company-register simulator (simulators/registers/data/company_register.json) on any later day.
DEMO_AS_OF = dt.date(2026, 11, 27)
COMPANY_REGISTER = Path(settings.BASE_DIR) / "simulators" / "registers" / "data" / "company_register.json"


def _registered_on() -> dict[str, dt.date]:
    rows = json.loads(COMPANY_REGISTER.read_text(encoding="utf-8"))["records"]
    return {r["uscc"]: dt.date.fromisoformat(r["established_on"]) for r in rows}


@transaction.atomic
def load_companies() -> int:
    adults = [p for p in Person.objects.order_by("pk") if (DEMO_AS_OF - p.birth_date).days > 25 * 365]
    established = _registered_on()
    for i, (name, prefix, company_type, scope) in enumerate(COMPANIES):
        uscc = make_uscc(prefix, "440403", f"MA{i + 1:04d}X{i % 10}")
        Company.objects.update_or_create(
            uscc=uscc,
            defaults={
                "name": name,
                "company_type": company_type,
                "scope": scope,
                "legal_representative": adults[(i * 3) % len(adults)],
                "address": f"珠海市斗门区{('井岸镇', '白蕉镇', '乾务镇', '斗门镇', '莲洲镇', '白藤街道')[i % 6]}{['新青路', '珠峰大道', '白蕉路', '乾务大道', '莲江路', '白藤一路'][i % 6]}{10 + i * 7}号",
                "established_on": established.get(uscc, DEMO_AS_OF - dt.timedelta(days=200 + 97 * i)),
            },
        )
    return len(COMPANIES)


@transaction.atomic
def load_staff() -> int:
    count = 0
    names = iter("王晓明 李慧 陈国强 黄丽萍 梁志华 吴淑贞 何伟 谭婉仪 邝家俊 容美玲 赵建平 冯静 郑伟光 许丽娟 卢志强 钟秀英 叶子健 曾美华 彭浩 苏晓东 林嘉欣 麦振华 罗小红 蔡俊杰 潘雪梅 杜明 余慧敏 范志刚 方丽 邓家乐".split())
    for department in Department.objects.filter(code__in=STAFFED).order_by("sort_order"):
        for role in (Role.WINDOW, Role.REVIEWER, Role.DEPARTMENT_ADMIN):
            username = f"{department.code.lower()}-{role.value.split('_')[0]}"
            user, created = User.objects.get_or_create(username=username, defaults={"kind": User.Kind.STAFF, "is_staff": role == Role.DEPARTMENT_ADMIN})
            if created:
                user.set_password(DEMO_STAFF_PASSWORD)
                user.save()
            StaffProfile.objects.update_or_create(
                user=user, defaults={"department": department, "name": next(names, f"{department.name}工作人员"), "roles": [role.value]}
            )
            count += 1
    admin, created = User.objects.get_or_create(
        username="admin", defaults={"kind": User.Kind.STAFF, "is_staff": True, "is_superuser": True}
    )
    if created:
        admin.set_password(DEMO_STAFF_PASSWORD)
        admin.save()
    StaffProfile.objects.update_or_create(
        user=admin, defaults={"department": Department.objects.get(code="D001"), "name": "平台管理员", "roles": [Role.PLATFORM_ADMIN.value]}
    )
    return count + 1
