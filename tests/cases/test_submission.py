"""Submitting an application: validation, idempotency, numbering, materials, timeline, withdraw, supplement."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.cases import services
from onestop.cases.models import Case, CaseMaterial, Status
from onestop.notifications.models import Notice

from .conftest import PDF, pdf


def test_submission_creates_a_numbered_case_with_timeline_and_notification(submit, citizen, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit()
    assert re.fullmatch(r"440403\d{8}\d{7}", case.number)
    assert case.status == Status.SUBMITTED and case.due_date is not None
    assert [e.to_status for e in case.events.all()] == [Status.SUBMITTED]
    material = case.materials.get()
    assert material.kind == CaseMaterial.Kind.UPLOAD and material.content_type == "application/pdf" and material.size == len(PDF)
    assert material.original_name == "材料.pdf" and "材料" not in material.file.name  # storage names are random
    assert Notice.objects.filter(user=citizen, title="申请已提交").exists()


def test_same_key_twice_gives_one_case(submit):
    first = submit(key="same-key-0001")
    second = submit(key="same-key-0001")
    assert first.pk == second.pk
    assert Case.objects.filter(idempotency_key="same-key-0001").count() == 1


@pytest.mark.parametrize("form, field", [
    ({"contact_name": "张三", "contact_phone": "12345", "description": "申请说明"}, "contact_phone"),
    ({"contact_name": "张三", "contact_phone": "13800138000"}, "description"),
])
def test_bad_form_is_refused_with_a_field_message_and_changes_nothing(submit, form, field):
    before = Case.objects.count()
    with pytest.raises(services.CaseError) as exc:
        submit(form=form)
    assert field in exc.value.errors and exc.value.errors[field]
    assert Case.objects.count() == before


def test_fields_not_in_the_form_are_not_stored(submit):
    case = submit(form={"contact_name": "张三", "contact_phone": "13800138000", "description": "申请说明", "status": "completed"})
    assert "status" not in case.form_data and case.status == Status.SUBMITTED


@pytest.mark.parametrize("upload, message", [
    (SimpleUploadedFile("a.pdf", b"MZ\x90\x00 not a pdf"), "仅支持"),
    (SimpleUploadedFile("a.pdf", b""), "文件为空"),
])
def test_bad_upload_is_refused(submit, item, upload, message):
    with pytest.raises(services.CaseError) as exc:
        submit(files={item.materials.first().pk: upload})
    assert message in " ".join(exc.value.errors.values())


def test_oversized_upload_is_refused(submit, item, settings):
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(services.CaseError) as exc:
        submit(files={item.materials.first().pk: big})
    assert "10 MB" in " ".join(exc.value.errors.values())


def test_required_material_missing_is_refused(submit):
    with pytest.raises(services.CaseError) as exc:
        submit(files={})
    assert "请上传" in " ".join(exc.value.errors.values())


def test_unpublished_item_cannot_be_applied_for(submit, item):
    item.status = "draft"
    item.save()
    with pytest.raises(services.CaseError) as exc:
        submit()
    assert exc.value.code == "item_unavailable"


def test_withdraw_and_only_by_the_applicant(submit, citizen, other_citizen):
    case = submit()
    with pytest.raises(services.CaseError):
        services.withdraw_case(case, other_citizen)
    case = services.withdraw_case(case, citizen, "不再需要")
    assert case.status == Status.WITHDRAWN and case.finished_at
    with pytest.raises(services.CaseError):
        services.withdraw_case(case, citizen)


def test_supplement_only_when_asked(submit, citizen, reviewer):
    from onestop.cases import review

    case = submit()
    with pytest.raises(services.CaseError) as exc:
        services.supplement_case(case, citizen, note="补充说明", files=[])
    assert exc.value.code == "not_waiting"
    review.act(case, reviewer, "request_supplement", "请补充近三个月收入证明")
    case = services.supplement_case(case, citizen, note="已补充收入证明", files=[pdf("收入证明.pdf")])
    assert case.status == Status.SUBMITTED
    assert case.materials.filter(supplement=True).count() == 1
    assert [e.action for e in case.events.all()] == ["submit", "request_supplement", "supplement"]


def test_company_application_needs_the_legal_representative(citizen):
    from onestop.accounts.models import Company

    company = Company.objects.exclude(legal_representative=citizen.person).first()
    with pytest.raises(services.CaseError) as exc:
        services.applicant_for(citizen, company.uscc)
    assert exc.value.code == "not_representative"
