"""A name and an ID number are not enough: the carrier check (运营商三要素), a window clerk or the
provincial login binds an account to a person; until then the account sees nothing of them."""

import re

import pytest
from django.conf import settings
from django.test import Client

from onestop.accounts import identity, services
from onestop.accounts.models import IdentityClaim, IdentityVerification, Person, User
from onestop.accounts.permissions import verified_person
from onestop.accounts.services import AccountError
from onestop.cases import services as cases
from onestop.cases.services import CaseError
from onestop.certs.models import Certificate

from .helpers import (
    NO_MOBILE_ID,
    NO_MOBILE_NAME,
    REGISTERED_ID,
    REGISTERED_NAME,
    UNREGISTERED_CARRIER_MOBILE,
    UNREGISTERED_ID,
    UNREGISTERED_NAME,
    row_counts,
)

pytestmark = pytest.mark.usefixtures("db")
IP = "198.51.100.9"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')


def register(sims, name, id_number, mobile, ip=IP) -> User:
    services.start_registration(name, id_number, mobile, ip)
    return services.finish_registration(name, id_number, mobile, sims.last_otp(mobile))


def browser_for(user) -> Client:
    browser = Client()
    browser.force_login(user)
    return browser


def test_the_carrier_confirming_the_mobile_binds_the_account_and_records_how(outside_systems):
    user = register(outside_systems, UNREGISTERED_NAME, UNREGISTERED_ID, UNREGISTERED_CARRIER_MOBILE)
    person = verified_person(user)
    assert person is not None and person.id_number() == UNREGISTERED_ID
    audit = IdentityVerification.objects.get(user=user)
    assert (audit.person, audit.method, audit.clerk) == (person, "carrier", None)
    assert "177****1001" in audit.detail


def test_someone_elses_name_and_id_number_with_ones_own_mobile_gives_nothing_of_theirs(outside_systems, mobile):
    victim = Person.objects.with_id_number(REGISTERED_ID).get()
    assert Certificate.objects.filter(holder_person=victim).exists()
    user = register(outside_systems, REGISTERED_NAME, REGISTERED_ID, mobile)
    assert verified_person(user) is None and not Person.objects.filter(user=user).exists()
    assert IdentityClaim.objects.get(user=user).carrier_result == "no_record"
    victim.refresh_from_db()
    assert victim.user.mobile == "18600008803"  # the real holder keeps their account
    browser = browser_for(user)
    cert = Certificate.objects.filter(holder_person=victim).first()
    for url in ["/my/", "/my/cases/", f"/my/certificates/{cert.pk}/", "/my/consents/", "/my/messages/"]:
        response = browser.get(url)
        assert (response.status_code, response.get("Location")) == (302, "/accounts/unverified/"), url
    page = browser.get("/accounts/unverified/").content.decode()
    assert "您的身份尚未核验" in page and "身份证原件" in page
    assert victim.address not in page and cert.number not in page
    with pytest.raises(CaseError):
        cases.applicant_for(user)
    assert cases.represented_companies(user) == []


def test_a_mobile_in_someone_elses_name_leaves_the_account_unverified(outside_systems):
    # 赵耀池's mobile (no account yet), used to register 陈根生: the three do not match.
    user = register(outside_systems, UNREGISTERED_NAME, UNREGISTERED_ID, "17700001003")
    assert verified_person(user) is None
    assert IdentityClaim.objects.get(user=user).carrier_result == "inconsistent"


def test_a_carrier_that_does_not_answer_refuses_the_registration_and_creates_nothing(outside_systems):
    outside_systems.carrier.post("/_sim/faults", {"fail_rate": 1, "status": 503})
    before = row_counts()
    with pytest.raises(AccountError) as err:
        services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, UNREGISTERED_CARRIER_MOBILE, IP)
    assert err.value.code == "register_unavailable" and row_counts() == before


def test_guessing_names_for_an_id_number_stops_after_five_checks_a_day(outside_systems, mobile):
    for n in range(identity.CHECKS_PER_ID_PER_DAY):
        with pytest.raises(AccountError) as err:
            services.start_registration(f"陈根{'甲乙丙丁戊'[n]}", UNREGISTERED_ID, mobile, f"203.0.113.{n}")
        assert err.value.code == "identity_mismatch"
    with pytest.raises(AccountError) as err:
        services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile, "203.0.113.99")
    assert err.value.code == "identity_rate_limited" and "明天" in err.value.message


def test_one_address_checking_many_identities_is_slowed_down(outside_systems, mobile):
    ids = [p.id_number() for p in Person.objects.order_by("pk")[: settings.ONESTOP_IDENTITY_CHECKS_PER_ADDRESS_PER_HOUR]]
    for id_number in ids:
        with pytest.raises(AccountError):
            services.start_registration("王某某", id_number, mobile, IP)
    with pytest.raises(AccountError) as err:
        services.start_registration(UNREGISTERED_NAME, UNREGISTERED_ID, mobile, IP)
    assert err.value.code == "identity_rate_limited" and err.value.retry_after == 3600


# --- verified at a window ----------------------------------------------------------------------

@pytest.fixture
def pending(outside_systems, mobile) -> User:
    return register(outside_systems, NO_MOBILE_NAME, NO_MOBILE_ID, mobile)


def test_a_window_clerk_verifies_the_id_card_and_the_account_sees_the_person(pending):
    clerk = User.objects.get(username="d009-window")
    browser = browser_for(clerk)
    response = browser.post("/accounts/window-verify/", {"mobile": pending.mobile, "id_number": NO_MOBILE_ID,
                                                         "face_confirmed": "on"}, follow=True)
    assert response.status_code == 200 and "已核验 何添林" in response.content.decode()
    pending.refresh_from_db()
    person = verified_person(pending)
    assert person is not None and person.id_number() == NO_MOBILE_ID
    audit = IdentityVerification.objects.get(user=pending)
    assert (audit.method, audit.clerk, audit.person) == ("window", clerk, person) and audit.at is not None
    assert "身份证原件" in audit.detail and "人脸" in audit.detail
    assert not IdentityClaim.objects.filter(user=pending).exists()
    assert browser_for(pending).get("/my/").status_code == 200


@pytest.mark.parametrize(("form", "message"), [
    ({"id_number": REGISTERED_ID, "face_confirmed": "on"}, "证件号码与该账号申请核验的身份不一致"),
    ({"id_number": NO_MOBILE_ID}, "请先核对办事人与身份证照片是否为同一人"),
    ({"id_number": NO_MOBILE_ID[:-1] + "0", "face_confirmed": "on"}, "校验位"),
])
def test_the_window_check_refuses_and_changes_nothing(pending, form, message):
    browser = browser_for(User.objects.get(username="d009-window"))
    response = browser.post("/accounts/window-verify/", {"mobile": pending.mobile, **form})
    assert response.status_code == 400 and message in response.content.decode()
    assert verified_person(User.objects.get(pk=pending.pk)) is None
    assert not IdentityVerification.objects.filter(user=pending).exists()


def test_a_claim_to_someone_who_has_an_account_is_not_bound_at_the_window(outside_systems, mobile):
    user = register(outside_systems, REGISTERED_NAME, REGISTERED_ID, mobile)
    browser = browser_for(User.objects.get(username="d009-window"))
    response = browser.post("/accounts/window-verify/", {"mobile": mobile, "id_number": REGISTERED_ID,
                                                         "face_confirmed": "on"})
    assert response.status_code == 400 and "该居民已有实名账号" in response.content.decode()
    assert verified_person(User.objects.get(pk=user.pk)) is None


@pytest.mark.parametrize("username", ["d009-reviewer", "d009-department"])
def test_only_window_staff_verify_identities(pending, username):
    browser = browser_for(User.objects.get(username=username))
    assert browser.get("/accounts/window-verify/").status_code == 403
    with pytest.raises(identity.IdentityError):
        identity.verify_at_window(User.objects.get(username=username), pending.mobile, NO_MOBILE_ID, True, {})


def test_a_citizen_cannot_open_the_window_check(pending):
    assert browser_for(pending).get("/accounts/window-verify/").status_code == 403


def test_demo_accounts_are_verified_and_say_how():
    user = User.objects.get(mobile="18600008803")
    assert verified_person(user) is not None
    assert IdentityVerification.objects.get(user=user).method == "demo"


# --- the citizen login answers the same for any number ------------------------------------------

def test_the_login_page_answers_the_same_whether_or_not_the_mobile_is_registered(outside_systems, mobile):
    pages = []
    for number in ("18600008803", mobile):
        browser = Client()
        response = browser.post("/accounts/login/", {"mobile": number}, follow=True)
        page = response.content.decode().replace(number[:3] + "****" + number[-4:], "MASK")
        pages.append((response.status_code, response.redirect_chain, CSRF.sub("", page)))
    assert pages[0] == pages[1]
    assert outside_systems.last_otp(mobile) is None  # nothing is sent to an unknown number
    assert outside_systems.last_otp("18600008803") is not None


def test_an_unknown_mobile_gets_the_same_rate_limit(outside_systems, mobile):
    services.start_login(mobile)
    with pytest.raises(AccountError) as err:
        services.start_login(mobile)
    assert err.value.code == "otp_too_soon"
