"""Fixtures over the demo data (load_demo): a certificate type, a holder with an account, a
certificate freshly issued to him, and window staff of the issuing department who scan."""

import pytest

from onestop.accounts.models import Person, User
from onestop.certs import services
from onestop.certs.models import CertificateType

from .helpers import HOLDER_ID, id_card_fields


@pytest.fixture
def id_card_type(db) -> CertificateType:
    return CertificateType.objects.select_related("issuer").get(name="居民身份证")


@pytest.fixture
def holder(db) -> Person:
    return Person.objects.select_related("user").with_id_number(HOLDER_ID).get()


@pytest.fixture
def issue(id_card_type, holder):
    """Issues an ID card to the holder; keyword arguments go to issue_certificate."""

    def issue(**kwargs):
        kwargs.setdefault("holder_person", holder)
        kwargs.setdefault("fields", id_card_fields(holder))
        return services.issue_certificate(id_card_type, **kwargs)

    return issue


@pytest.fixture
def certificate(issue):
    return issue()


@pytest.fixture
def verifier(db) -> User:
    """Window staff of 区公安分局 (D009)."""
    return User.objects.select_related("staff_profile__department").get(username="d009-window")


@pytest.fixture
def scan(verifier, django_capture_on_commit_callbacks):
    """verify_scan as the window staff, with the on-commit work (the holder's notice) run."""
    profile = verifier.staff_profile

    def scan(text: str, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.verify_scan(
                text, verifier_user=verifier, verifier_name=f"{profile.department.name} 窗口人员 {profile.name}",
                verifier_department=profile.department, **kwargs,
            )

    return scan
