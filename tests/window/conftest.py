import secrets

import pytest

from onestop.accounts.models import Person, User
from onestop.catalog.models import Department, Hall, ItemStatus, Material, ServiceItem
from onestop.certs.models import Certificate
from onestop.window import services


@pytest.fixture
def clerk(db) -> User:
    """A window clerk of 区公安分局: the comprehensive window accepts other departments' items too."""
    return User.objects.get(username="d009-window")


@pytest.fixture
def visitor(db) -> Person:
    """A demo resident with an account, a mobile and a valid 居民身份证 in the certificate library."""
    cert = (Certificate.objects.filter(cert_type__name="居民身份证", holder_person__user__isnull=False,
                                       revoked_at__isnull=True, holder_person__user__mobile__isnull=False)
            .select_related("holder_person__user").order_by("pk").first())
    return cert.holder_person


@pytest.fixture
def item(db) -> ServiceItem:
    """An item of 区民政局 (not the clerk's department): a paper material, an optional one, the form,
    and one that an e-certificate (居民身份证) may stand for."""
    item = ServiceItem.objects.create(
        code=f"TESTW{secrets.token_hex(4)}", name="测试事项：临时救助申请", department=Department.objects.get(code="D008"),
        item_type="公共服务", for_person=True, handling="online", statutory_days=10, promised_days=5,
        legal_basis="《社会救助暂行办法》第四十七条", status=ItemStatus.PUBLISHED,
    )
    id_type = Certificate.objects.filter(cert_type__name="居民身份证").first().cert_type
    Material.objects.create(item=item, position=1, name="临时救助申请表", form=Material.Form.ORIGINAL)
    Material.objects.create(item=item, position=2, name="申请人居民身份证", form=Material.Form.ORIGINAL_AND_COPY,
                            ecert_type=id_type)
    Material.objects.create(item=item, position=3, name="家庭收入情况说明", form=Material.Form.ORIGINAL)
    Material.objects.create(item=item, position=4, name="医疗费用票据", form=Material.Form.COPY, required=False)
    return item


@pytest.fixture
def hall(db) -> Hall:
    return Hall.objects.order_by("pk").first()


FORM = {"contact_name": "", "contact_phone": "13800138000", "description": "家中突遭火灾，申请临时救助"}


def states(item, **by_name) -> dict:
    """The checklist: every material received on paper unless named (name fragment → state)."""
    result = {}
    for m in item.materials.all():
        result[m.pk] = next((v for k, v in by_name.items() if k in m.name), services.PAPER)
    return result


@pytest.fixture
def counter(clerk, visitor, item, hall):
    def make(**kw) -> services.CounterRequest:
        fields = {"item": item, "person": visitor, "clerk": clerk, "form": {**FORM, "contact_name": visitor.name},
                  "idempotency_key": secrets.token_urlsafe(12), "materials": states(item), "hall": hall,
                  "window_label": "综合窗口 3 号", "progress_url": "https://zwfw.example.gov.cn/progress/"}
        return services.CounterRequest(**(fields | kw))
    return make
