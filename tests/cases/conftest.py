import io
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from onestop.accounts.models import Person, User
from onestop.cases import services
from onestop.catalog.models import Department, Hall, ItemStatus, Material, ServiceItem

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _png() -> bytes:
    """A real, decodable scan-sized PNG (uploads are decoded before they are accepted)."""
    out = io.BytesIO()
    Image.new("L", (240, 320), 255).save(out, format="PNG")
    return out.getvalue()


PNG = _png()


def pdf(name="材料.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


@pytest.fixture
def citizen(db) -> User:
    """A demo resident with an account (the first one by primary key)."""
    return Person.objects.filter(user__isnull=False).select_related("user").order_by("pk").first().user


@pytest.fixture
def other_citizen(db, citizen) -> User:
    return Person.objects.filter(user__isnull=False).exclude(user=citizen).select_related("user").order_by("pk").first().user


@pytest.fixture
def item(db) -> ServiceItem:
    """A normal (not 秒批) item of 区民政局 with one required upload and the generic form."""
    department = Department.objects.get(code="D008")
    item = ServiceItem.objects.create(
        code=f"TEST{secrets.token_hex(4)}", name="测试事项：临时救助申请", department=department, item_type="公共服务",
        for_person=True, handling="online", statutory_days=10, promised_days=5, status=ItemStatus.PUBLISHED,
        # A complete guide: only such an item offers an online application (catalog.guide_check).
        conditions="本区户籍或持居住证的家庭，因突发事件导致基本生活暂时出现严重困难。", legal_basis="《社会救助暂行办法》第四十七条",
        fee_note="不收费",
    )
    item.halls.add(Hall.objects.order_by("pk").first())
    Material.objects.create(item=item, name="收入情况说明", form=Material.Form.ELECTRONIC, required=True)
    return item


@pytest.fixture
def reviewer(db) -> User:
    return User.objects.get(username="d008-reviewer")


@pytest.fixture
def submit(citizen, item):
    def submit(*, user=None, target=None, key=None, form=None, files=None, **kw):
        user = user or citizen
        target = target or item
        applicant = services.applicant_for(user)
        material = target.materials.first()
        uploads = files if files is not None else ({material.pk: pdf()} if material else {})
        return services.submit_application(services.Submission(
            item=target, applicant=applicant, idempotency_key=key or secrets.token_urlsafe(12),
            form=form if form is not None else {"contact_name": applicant.person.name, "contact_phone": "13800138000",
                                                "description": "因家庭突发困难申请临时救助"},
            uploads=uploads, **kw,
        ))
    return submit
