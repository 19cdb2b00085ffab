"""出生一件事 end to end on the engine: the definitions load and validate; one submission (twice at
once → one bundle); the birth certificate first, then the three parts in parallel in their
departments' queues; a refused first part opens none; a repeated step opens no second case."""

from __future__ import annotations

import io
import secrets

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from onestop.bundles import services
from onestop.bundles.models import BundleApplication
from onestop.cases import review
from onestop.cases.models import Case, Status
from onestop.catalog.bundles import BundleError, parse_bundle
from onestop.catalog.models import LifeEventBundle
from onestop.processes.models import StepRun, StepState
from onestop.processes.transitions import claim_steps
from onestop.processes.worker import run_claimed, run_until_idle
from tests.cases.conftest import citizen  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def _png() -> bytes:
    """A real, decodable scan-sized PNG (uploads are decoded before they are accepted)."""
    out = io.BytesIO()
    Image.new("L", (240, 320), 255).save(out, format="PNG")
    return out.getvalue()


PNG = _png()
FORM = {"child_name": "陈小禾", "gender": "女", "birth_date": "2026-11-28", "hospital": "珠海市斗门区妇幼保健院",
        "mother_name": "李敏", "father_name": "陈立", "follow": "随父", "household_number": "440403001234",
        "applicant_name": "陈立", "mobile": "13800138000", "insurance_year": "2026", "card_bank": "中国工商银行",
        "card_delivery": "银行网点领取"}


def _submit(user, key=None, form=None):
    bundle = LifeEventBundle.objects.get(code="newborn")
    applicant = services.cases.applicant_for(user)
    files = {m.name: SimpleUploadedFile("photo.png", PNG, "image/png")
             for m in services.shared_materials(bundle, applicant) if not m.certificate and not m.from_step}
    return services.submit_bundle(services.BundleSubmission(
        bundle=bundle, applicant=applicant, form=form or FORM, idempotency_key=key or secrets.token_urlsafe(12),
        uploads=files))


def _reviewer_of(case):
    from onestop.accounts.models import User
    return User.objects.get(username=f"{case.department.code.lower()}-reviewer")


def _approve(case):
    reviewer = _reviewer_of(case)
    review.act(case, reviewer, "accept")
    review.act(Case.objects.get(pk=case.pk), reviewer, "approve")


def _parts(application):
    return {p.step.name: p for p in services.bundle_status(application).parts}


def test_every_demo_bundle_validates_against_the_catalogue():
    for bundle in LifeEventBundle.objects.all():
        services.parse(bundle)
    assert LifeEventBundle.objects.count() >= 3


def test_a_bundle_naming_a_missing_field_is_refused():
    spec = LifeEventBundle.objects.get(code="newborn").spec
    broken = {**spec, "members": [{**spec["members"][0], "form": {"child_name": "shared:nobody"}}]}
    with pytest.raises(BundleError) as err:
        parse_bundle(broken, services.member_schema)
    assert err.value.code == "unknown_shared_field"


def test_dependants_open_only_after_the_birth_certificate_and_then_in_parallel(citizen):  # noqa: F811
    application = _submit(citizen)
    run_until_idle("w")
    parts = _parts(application)
    assert parts["birth_certificate"].case is not None
    assert all(parts[s].case is None for s in ("household", "medical_insurance", "social_security_card"))
    first = parts["birth_certificate"].case
    assert any(row.case.pk == first.pk for row in review.department_queue(first.department))
    _approve(first)
    run_until_idle("w")
    parts = _parts(application)
    assert all(parts[s].case is not None for s in ("household", "medical_insurance", "social_security_card"))
    household = parts["household"].case
    assert household.form_data["birth_certificate_number"] == Case.objects.get(pk=first.pk).result_certificate.number
    for name in ("household", "social_security_card", "medical_insurance"):
        case = Case.objects.get(pk=parts[name].case.pk)
        if case.status != Status.COMPLETED:  # 医保参保 may be decided by 秒批 already
            _approve(case)
    application.process.refresh_from_db()
    assert services.bundle_status(application).label == "已全部办结"


def test_a_refused_birth_certificate_opens_none_of_the_other_parts(citizen):  # noqa: F811
    application = _submit(citizen)
    run_until_idle("w")
    first = _parts(application)["birth_certificate"].case
    review.act(first, _reviewer_of(first), "refuse", "出生信息与助产机构记录不符")
    run_until_idle("w")
    status = services.bundle_status(application)
    assert status.label == "部分事项未通过" and "出生信息与助产机构记录不符" in status.problem
    assert Case.objects.filter(applicant_user=citizen, idempotency_key__startswith="process-").count() == 1


def test_the_same_submission_twice_makes_one_bundle_and_one_set_of_cases(citizen):  # noqa: F811
    key = secrets.token_urlsafe(12)
    assert _submit(citizen, key).pk == _submit(citizen, key).pk
    assert BundleApplication.objects.filter(applicant_user=citizen).count() == 1


def test_a_step_run_again_after_its_worker_died_opens_no_second_case(citizen):  # noqa: F811
    application = _submit(citizen)
    (claim,) = claim_steps("dead-worker")
    # The first attempt opens the case, but its lease was taken over before it recorded the await.
    StepRun.objects.filter(pk=claim.step.pk).update(lease_owner="someone-else")
    run_claimed(claim)
    StepRun.objects.filter(pk=claim.step.pk).update(state=StepState.READY, lease_owner="")
    run_until_idle("w")
    assert Case.objects.filter(applicant_user=citizen, idempotency_key=claim.step.idempotency_key).count() == 1
    assert _parts(application)["birth_certificate"].step.state == StepState.AWAITING


def test_bad_shared_answers_are_refused_and_create_nothing(citizen):  # noqa: F811
    with pytest.raises(services.cases.CaseError) as err:
        _submit(citizen, form={**FORM, "mobile": "123"})
    assert err.value.code == "invalid_application" and "mobile" in err.value.errors
    assert not BundleApplication.objects.exists()
