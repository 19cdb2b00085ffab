"""免证办: using an e-certificate in an application is a consent for that case only — the case's
department and item, the fields the item's material declares (else the certificate number), a
bounded number of uses — and it ends when the case reaches a final state, however it gets there."""

import importlib
import secrets

import pytest
from django.apps import apps

from onestop.accounts.models import Person
from onestop.cases import review, services
from onestop.cases.models import CaseMaterial
from onestop.catalog.models import Material, ServiceItem
from onestop.certs import consent as consents
from onestop.certs.models import Certificate, CertificateType, Consent
from onestop.rules.models import Decision

from .conftest import pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def id_card_material(item) -> Material:
    """The test item also accepts the applicant's 居民身份证 and says it needs the address."""
    id_card = CertificateType.objects.get(name="居民身份证")
    return Material.objects.create(item=item, name="申请人居民身份证", form=Material.Form.ELECTRONIC, required=True,
                                   ecert_type=id_card, ecert_fields=["address"])


def with_certificate(submit, item, material, **kw):
    upload = item.materials.exclude(pk=material.pk).get()
    return submit(files={upload.pk: pdf()}, use_certificates={material.pk}, **kw)


def test_using_a_certificate_consents_for_the_case_its_department_and_the_declared_fields(
        submit, item, id_card_material, citizen):
    case = with_certificate(submit, item, id_card_material)
    given = Consent.objects.get(holder=citizen.person)
    assert (given.department, given.service_item, given.case_number) == (item.department, item, case.number)
    assert given.fields == ["address"]
    assert given.max_uses == consents.CASE_CONSENT_USES == 10
    assert given.ended_at is None and given.confirmed_by == ""
    assert case.materials.get(kind=CaseMaterial.Kind.CERTIFICATE).consent == given


def test_an_item_that_declares_no_fields_gets_only_the_certificate_number(submit, item, id_card_material, citizen):
    id_card_material.ecert_fields = []
    id_card_material.save()
    with_certificate(submit, item, id_card_material)
    assert Consent.objects.get(holder=citizen.person).fields == ["number"]


def test_declared_keys_that_the_certificate_type_lacks_are_not_consented(item, id_card_material):
    id_card_material.ecert_fields = ["address", "salary"]
    assert consents.fields_needed(id_card_material) == ["address"]


def test_without_the_tick_there_is_no_consent(submit, item, id_card_material, citizen):
    uploads = {m.pk: pdf() for m in item.materials.all()}
    submit(files=uploads)
    assert not Consent.objects.filter(holder=citizen.person).exists()


@pytest.mark.parametrize("actions, final", [
    (["refuse"], "不予受理"), (["accept", "not_approve"], "不予批准"), (["accept", "approve"], "已办结"),
])
def test_the_consent_ends_when_a_reviewer_ends_the_case(submit, item, id_card_material, reviewer, actions, final):
    case = with_certificate(submit, item, id_card_material)
    for action in actions[:-1]:
        review.act(case, reviewer, action)
        assert Consent.objects.get(case_number=case.number).ended_at is None  # still open
    case = review.act(case, reviewer, actions[-1], "经审查作出决定")
    assert case.get_status_display() == final
    given = Consent.objects.get(case_number=case.number)
    assert given.ended_at is not None and given.state(given.ended_at) == "已随办件终止"


def test_the_consent_ends_when_the_applicant_withdraws(submit, item, id_card_material, citizen):
    case = with_certificate(submit, item, id_card_material)
    services.withdraw_case(case, citizen, "不再需要")
    assert Consent.objects.get(case_number=case.number).ended_at is not None


def test_a_supplement_request_does_not_end_the_consent(submit, item, id_card_material, reviewer):
    case = with_certificate(submit, item, id_card_material)
    review.act(case, reviewer, "request_supplement", "请补充收入证明")
    assert Consent.objects.get(case_number=case.number).ended_at is None


def test_instant_approval_ends_the_consents_and_they_cover_the_demo_items_declared_fields(registers):
    item = ServiceItem.objects.get(name="80周岁以上老年人高龄津贴发放")
    person = Person.objects.get(name="谭棠祥")
    applicant = services.applicant_for(person.user)
    options = services.material_options(item, applicant)
    case = services.submit_application(services.Submission(
        item=item, applicant=applicant, idempotency_key=secrets.token_urlsafe(12),
        form={"name": person.name, "birth_date": person.birth_date.isoformat(), "mobile": person.mobile,
              "applicant_role": "本人申请"},
        use_certificates={o.material.pk for o in options if o.certificate}))
    assert case.decision.outcome == Decision.Outcome.APPROVE, case.decision.reasons
    given = {c.cert_type.name: c for c in Consent.objects.filter(case_number=case.number)}
    assert given["居民身份证"].fields == ["birth_date", "holder_name", "number"]
    assert given["社会保障卡"].fields == ["bank", "card_number"]
    assert all(c.ended_at is not None for c in given.values())


def test_consents_given_before_this_change_are_bound_to_their_case(submit, item, id_card_material):
    """The data migration: an old consent (all fields, 100 uses) of an ended case is narrowed and ended."""
    case = with_certificate(submit, item, id_card_material)
    id_card = Certificate.objects.get(pk=case.materials.get(kind="certificate").certificate_id)
    old = {"case_number": "", "fields": [f["key"] for f in id_card.cert_type.fields], "max_uses": 100, "ended_at": None}
    Consent.objects.filter(case_number=case.number).update(**old)
    services.withdraw_case(case, case.applicant_user)  # ends nothing: the consent has no case number yet
    row = Consent.objects.get(holder=case.applicant_person)
    assert row.ended_at is None
    migration = importlib.import_module("onestop.cases.migrations.0002_case_consents_end_with_case")
    migration.bind_to_cases(apps, None)
    row.refresh_from_db()
    assert (row.case_number, row.fields, row.max_uses) == (case.number, ["address"], 10)
    assert row.ended_at is not None
