"""开办餐饮店一件事 and 残疾人服务一件事 end to end on the engine: the licence that a reviewer approves
registers the business, and the food permit and the signboard are applied for as that business; the
残疾人证 that 区残联 approves is a real 残疾人证 whose number the two subsidies carry."""

from __future__ import annotations

import io
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from onestop.bundles import services
from onestop.cases import review
from onestop.cases.models import Case, Status
from onestop.catalog.models import LifeEventBundle
from onestop.processes.worker import run_until_idle
from tests.cases.conftest import citizen  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    """A real, decodable scan-sized PNG (uploads are decoded before they are accepted)."""
    out = io.BytesIO()
    Image.new("L", (240, 320), 255).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
RESTAURANT = {"applicant_name": "陈立", "mobile": "13800138000", "business_name": "珠海市斗门区井岸镇禾香餐馆",
              "business_address": "广东省珠海市斗门区井岸镇新青路 18 号", "premises_proof": "租赁",
              "business_scope": "餐饮服务（热食类食品制售）", "capital_yuan": "50000",
              "signboard": "门头招牌一块，长 4 米、高 0.8 米，铝塑板材质，内透光照明"}
DISABILITY = {"applicant_name": "陈立", "mobile": "13800138000", "address": "广东省珠海市斗门区井岸镇新青路 18 号",
              "disability_category": "肢体残疾", "disability_grade": "二级", "family_situation": "最低生活保障家庭",
              "care_arrangement": "居家照护", "receives_similar_allowance": ""}


def _submit(user, code: str, form: dict):
    bundle = LifeEventBundle.objects.get(code=code)
    applicant = services.cases.applicant_for(user)
    files = {m.name: SimpleUploadedFile("scan.png", PNG, "image/png")
             for m in services.shared_materials(bundle, applicant) if not m.certificate and not m.from_step}
    return services.submit_bundle(services.BundleSubmission(
        bundle=bundle, applicant=applicant, form=form, idempotency_key=secrets.token_urlsafe(12), uploads=files))


def _approve(case):
    from onestop.accounts.models import User
    reviewer = User.objects.get(username=f"{case.department.code.lower()}-reviewer")
    if case.status == Status.SUBMITTED:
        review.act(case, reviewer, "accept")
    return review.act(Case.objects.get(pk=case.pk), reviewer, "approve")


def _parts(application):
    return {p.step.name: p for p in services.bundle_status(application).parts}


def _decide_all(application, steps):
    for name in steps:
        case = Case.objects.get(pk=_parts(application)[name].case.pk)
        if case.status != Status.COMPLETED:  # 秒批 may have decided it already
            _approve(case)
    run_until_idle("w")


def test_restaurant_parts_after_the_licence_are_applied_for_as_the_new_business(citizen):  # noqa: F811
    application = _submit(citizen, "restaurant", RESTAURANT)
    run_until_idle("w")
    parts = _parts(application)
    assert parts["food_permit"].case is None and parts["signboard"].case is None
    assert parts["licence"].case is not None, parts["licence"].step.reason
    licence_case = _approve(parts["licence"].case)  # 餐饮服务 is a licensed scope: 秒批 refers it
    licence = licence_case.result_certificate
    assert licence.cert_type.name == "营业执照" and licence.holder_company.name == RESTAURANT["business_name"]
    run_until_idle("w")
    parts = _parts(application)
    for name in ("food_permit", "signboard"):
        case = parts[name].case
        assert case is not None, parts[name].step.reason
        assert case.applicant_company_id == licence.holder_company_id  # the new business, its operator acting
    _decide_all(application, ("food_permit", "signboard"))
    assert services.bundle_status(application).label == "已全部办结"


def test_disability_subsidies_carry_the_number_of_the_new_disability_certificate(citizen):  # noqa: F811
    application = _submit(citizen, "disability", DISABILITY)
    run_until_idle("w")
    first = _parts(application)["disability_card"]
    assert first.case is not None, first.step.reason
    card_case = _approve(first.case)
    card = card_case.result_certificate
    assert card.cert_type.name == "残疾人证" and card.holder_person_id == card_case.applicant_person_id
    assert card.fields["category"] == "肢体残疾" and card.fields["grade"] == "二级"
    run_until_idle("w")
    parts = _parts(application)
    for name in ("living_subsidy", "care_subsidy"):
        assert parts[name].case is not None, parts[name].step.reason
        assert parts[name].case.form_data["certificate_number"] == card.number
    _decide_all(application, ("living_subsidy", "care_subsidy"))
    assert services.bundle_status(application).label == "已全部办结"
