"""One password-login policy for the staff login and the Django admin login (login_policy)."""

import pytest
from django.test import Client

from onestop.accounts import login_policy
from onestop.accounts.models import PasswordFailure

pytestmark = pytest.mark.django_db

PASSWORD = "onestop-demo-2026"
STAFF, ADMIN = "/accounts/staff-login/", "/admin/login/"


def client(ip: str = "198.51.100.7") -> Client:
    return Client(REMOTE_ADDR=ip)


def fail(c: Client, url: str = STAFF, username: str = "d020-window", times: int = 5) -> None:
    for _ in range(times):
        response = c.post(url, {"username": username, "password": "wrong-password"})
        assert response.status_code in (200, 400)


def logged_in(c: Client) -> bool:
    return "_auth_user_id" in c.session


@pytest.mark.parametrize("look_alike", ["ｄ020-window", "D020-WINDOW", " d020-window ", "ｄ０２０－ｗｉｎｄｏｗ"])
def test_a_look_alike_username_does_not_bypass_the_lock(look_alike):
    c = client()
    fail(c)
    response = c.post(STAFF, {"username": look_alike, "password": PASSWORD})
    assert response.status_code == 429 and "暂时锁定" in response.content.decode()
    assert not logged_in(c)


def test_failures_with_look_alike_names_count_for_the_same_account():
    c = client()
    for name in ["d020-window", "ｄ020-window", "D020-window", "ｄ020-WINDOW", "d020-window"]:
        fail(c, username=name, times=1)
    assert c.post(STAFF, {"username": "d020-window", "password": PASSWORD}).status_code == 429
    assert PasswordFailure.objects.filter(user__username="d020-window").count() == 5


def test_the_admin_login_is_locked_when_the_staff_login_is():
    c = client()
    fail(c, username="d002-department")
    response = c.post(ADMIN, {"username": "d002-department", "password": PASSWORD})
    assert "暂时锁定" in response.content.decode() and not logged_in(c)
    assert response.status_code == 429 and int(response["Retry-After"]) > 0


def test_wrong_passwords_at_the_admin_login_lock_the_staff_login():
    c = client()
    fail(c, ADMIN, "admin")
    assert c.post(STAFF, {"username": "admin", "password": PASSWORD}).status_code == 429
    assert not logged_in(c)


def test_the_admin_login_still_works_for_a_department_admin_who_is_not_locked():
    c = client()
    c.post(ADMIN, {"username": "d002-department", "password": PASSWORD})
    assert logged_in(c)


def test_a_stranger_cannot_lock_the_clerk_out_from_another_address():
    fail(client("203.0.113.66"))
    desk = client("10.20.30.40")
    desk.post(STAFF, {"username": "d020-window", "password": PASSWORD})
    assert logged_in(desk)


def _guess_from_many_addresses() -> None:
    """ACCOUNT_LIMIT wrong passwords for one clerk, each address staying below PAIR_LIMIT."""
    per_address = login_policy.PAIR_LIMIT - 1
    for n in range(-(-login_policy.ACCOUNT_LIMIT // per_address)):
        fail(client(f"203.0.113.{n + 1}"), times=per_address)


def test_guessing_from_many_addresses_cannot_lock_the_clerk_out_of_their_desk():
    _guess_from_many_addresses()
    assert PasswordFailure.objects.filter(username="d020-window").count() >= login_policy.ACCOUNT_LIMIT
    desk = client("10.20.30.40")
    desk.post(STAFF, {"username": "d020-window", "password": PASSWORD})
    assert logged_in(desk)


def test_after_guessing_from_many_addresses_each_guessing_address_is_refused():
    _guess_from_many_addresses()
    guesser = client("203.0.113.1")  # below the per-address limit, but it has guessed this account
    assert guesser.post(STAFF, {"username": "d020-window", "password": PASSWORD}).status_code == 429
    assert not logged_in(guesser)
    newcomer = client("203.0.113.250")
    fail(newcomer, times=1)  # one try from a new address, then the account-wide limit applies to it
    assert newcomer.post(STAFF, {"username": "d020-window", "password": PASSWORD}).status_code == 429


def test_one_address_trying_many_accounts_is_refused():
    c = client()
    names = ["d001-window", "d002-window", "d003-window", "d004-window"]
    for name in names:
        fail(c, username=name)
    # Twenty failures from this address: even an account it never tried is refused from here.
    assert c.post(STAFF, {"username": "d005-window", "password": PASSWORD}).status_code == 429
    other = client("10.20.30.40")
    other.post(STAFF, {"username": "d005-window", "password": PASSWORD})
    assert logged_in(other)


def test_the_lock_says_when_to_try_again():
    c = client()
    fail(c)
    response = c.post(STAFF, {"username": "d020-window", "password": PASSWORD})
    assert 0 < int(response["Retry-After"]) <= 15 * 60
    assert "15 分钟后再试" in response.content.decode()


def test_a_right_password_clears_the_failures_from_that_address():
    c = client()
    fail(c, times=4)
    c.post(STAFF, {"username": "d020-window", "password": PASSWORD})
    assert logged_in(c)
    c.logout()
    fail(c, times=4)
    c.post(STAFF, {"username": "d020-window", "password": PASSWORD})
    assert logged_in(c)


def test_an_unknown_username_is_counted_under_its_normalised_name():
    c = client()
    fail(c, username="ｎｏｂｏｄｙ")
    assert PasswordFailure.objects.filter(user__isnull=True, username="nobody").count() == 5
    assert c.post(STAFF, {"username": "nobody", "password": "x"}).status_code == 429
