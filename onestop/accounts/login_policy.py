"""One password-login policy for every way in: the staff login and the Django admin login.

Both log in through Django's ``authenticate()``, which calls ``PolicyBackend``: the policy lives
there, not in a view, so no login page can skip it. Failures are keyed on the account (the user
row, whatever look-alike spelling of its name was typed) and the source address together, as
OWASP ASVS V2.2 asks: five wrong passwords lock that account *from that address* for 15 minutes,
so a stranger cannot lock a clerk out of their own desk. Two wider limits stop spraying and
distributed guessing: one address failing 20 times (any accounts) is refused, and once one account
has failed 20 times (any addresses) every address that has itself failed for it is refused, both for
the rest of the window. An address with no failure for the account (the clerk's own desk) still
gets in, so guessing from many addresses cannot lock the clerk out; it only slows the guesser to one
try per new address.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from .models import PasswordFailure, User

BACKEND = "onestop.accounts.login_policy.PolicyBackend"
PAIR_LIMIT = 5  # wrong passwords for one account from one address within WINDOW
SOURCE_LIMIT = 20  # from one address, any accounts
ACCOUNT_LIMIT = 20  # for one account, any addresses
WINDOW = dt.timedelta(minutes=15)


class LoginLocked(PermissionDenied):
    def __init__(self, retry_after: int) -> None:
        super().__init__("login locked")
        self.retry_after = retry_after


def normalise_username(username: str) -> str:
    """The spelling accounts are looked up by: NFKC (full-width ｄ is d), trimmed, case-folded."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()[:150]


def account_for(username: str) -> User | None:
    key = normalise_username(username)
    return User.objects.filter(username__iexact=key).first() if key else None


def client_ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


def _failures(since: dt.datetime):
    return PasswordFailure.objects.filter(at__gt=since)


def retry_after(user: User | None, username: str, ip: str | None) -> int:
    """Seconds until a login may be tried again for this account from this address; 0 if now."""
    now = timezone.now()
    recent = _failures(now - WINDOW)
    if user is not None:
        account = Q(user=user)
    else:
        account = Q(user__isnull=True, username=normalise_username(username))
    from_here = recent.filter(account, client_ip=ip)
    checks = [(from_here, PAIR_LIMIT)]
    if from_here.exists():
        checks.append((recent.filter(account), ACCOUNT_LIMIT))
    if ip:
        checks.append((recent.filter(client_ip=ip), SOURCE_LIMIT))
    wait = 0
    for rows, limit in checks:
        times = list(rows.order_by("-at").values_list("at", flat=True)[:limit])
        if len(times) >= limit:
            # Unlocked when the oldest of the last `limit` failures leaves the window.
            wait = max(wait, int((times[-1] + WINDOW - now).total_seconds()) + 1)
    return wait


def record_failure(user: User | None, username: str, ip: str | None) -> None:
    PasswordFailure.objects.create(user=user, username=normalise_username(username), client_ip=ip)


class PolicyBackend(ModelBackend):
    """ModelBackend with the login policy; citizens (no usable password) never pass here."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        ip = client_ip(request)
        user = account_for(username)
        wait = retry_after(user, username, ip)
        if wait:
            if request is not None:
                request.login_retry_after = wait  # read by the login forms for their message
            raise LoginLocked(wait)  # stops authenticate(): no other backend is asked
        if user is None:
            User().set_password(password)  # same work as a real check, so timing tells nothing
        elif user.check_password(password) and self.user_can_authenticate(user):
            PasswordFailure.objects.filter(user=user, client_ip=ip).delete()
            return user
        record_failure(user, username, ip)
        return None
