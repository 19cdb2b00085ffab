"""企业开办 at a kiosk, one screen per step: what the founder typed so far, kept in the kiosk
session (so 退出 and the idle timeout take it with them), and each screen checked by the portal's
own form (business.startup.form) with only that screen's fields looked at.

Nothing here is trusted at the end: the 核对并提交 screen binds the whole draft to the same form
again and hands it to ``submit_startup``."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django.utils.datastructures import MultiValueDict

from onestop.business.startup.form import MemberFormSet, StartupForm, bind_forms

SESSION_KEY = "kiosk_startup_draft"

# The screens of the flow, in order; the number is the step shown on the indicator.
NAME, COMPANY, MEMBERS, BRANCHES, REVIEW, PROGRESS, LICENCE = range(1, 8)
SCREEN_FIELDS = {
    COMPANY: ("company_type", "registered_capital_yuan", "town", "address_detail", "scope", "employees",
              "contact_mobile"),
    BRANCHES: ("bank", "bank_appointment", "seal_maker", "seal_kinds", "taxpayer_type", "invoice_kinds",
               "monthly_invoice_limit_fen", "housing_fund"),
}
MEMBER_PREFIX = "m"


def load(session) -> dict:
    """The draft of this session, started (with its Idempotency-Key) on first use."""
    draft = session.get(SESSION_KEY)
    if not isinstance(draft, dict):
        draft = {"key": secrets.token_urlsafe(16), "screens": {}}
        session[SESSION_KEY] = draft
    return draft


def save(session, draft: dict) -> None:
    session[SESSION_KEY] = draft  # assigned again, so the session knows it changed


def discard(session) -> None:
    session.pop(SESSION_KEY, None)


def set_reservation(session, reservation_pk: int) -> None:
    draft = load(session)
    draft["screens"][str(NAME)] = {"reservation": [str(reservation_pk)]}
    save(session, draft)


def store_screen(session, screen: int, post) -> None:
    """The screen's own fields as posted (kept even when invalid, so 上一步 loses nothing)."""
    draft = load(session)
    if screen == MEMBERS:
        values = {k: post.getlist(k) for k in post if k.startswith(MEMBER_PREFIX + "-")}
    else:
        values = {k: post.getlist(k) for k in SCREEN_FIELDS[screen] if k in post}
    draft["screens"][str(screen)] = values
    save(session, draft)


def _data(draft: dict, replacing: tuple[int, dict] | None = None) -> MultiValueDict:
    """Every screen's values as one form post, optionally with one screen's values replaced."""
    screens = dict(draft["screens"])
    if replacing is not None:
        screens[str(replacing[0])] = replacing[1]
    merged = MultiValueDict()
    for values in screens.values():
        for key, items in values.items():
            merged.setlist(key, list(items))
    return merged


@dataclass
class Checked:
    """The draft bound to the portal's form and member rows, and the first screen that is not done."""
    form: StartupForm
    members: MemberFormSet
    first_open: int

    def errors_on(self, screen: int) -> bool:
        if screen == NAME:
            return "reservation" in self.form.errors
        if screen == MEMBERS:
            return not self.members.is_valid()
        return any(name in self.form.errors for name in SCREEN_FIELDS[screen])


def check(draft: dict, *, user, founder, replacing: tuple[int, dict] | None = None) -> Checked:
    """Binds the whole draft; the member rows are checked against the type and capital of the
    company screen even while later screens are still empty (bind_forms only does so once the
    whole form is valid)."""
    data = _data(draft, replacing)
    form = StartupForm(data, user=user, founder=founder, initial={"contact_mobile": founder.mobile})
    form.is_valid()
    capital = form.cleaned_data.get("registered_capital_yuan")
    members = MemberFormSet(data, prefix=MEMBER_PREFIX, company_type=data.get("company_type", ""),
                            capital_fen=int(capital * 100) if capital is not None else None, founder=founder,
                            initial=[{"name": founder.name}])
    checked = Checked(form, members, REVIEW)
    for screen in (NAME, COMPANY, MEMBERS, BRANCHES):
        never_filled = str(screen) not in draft["screens"] and (replacing is None or replacing[0] != screen)
        if never_filled or checked.errors_on(screen):
            checked.first_open = screen
            break
    return checked


def blank_forms(founder, user):
    """The portal form unbound, with its initial values (the founder in the first member row)."""
    return bind_forms(None, user=user, founder=founder)


def has_screen(draft: dict, screen: int) -> bool:
    return str(screen) in draft["screens"]


def final_forms(draft: dict, *, user, founder):
    """The whole draft bound as the portal binds one post: what ``submit_startup`` is given."""
    return bind_forms(_data(draft), user=user, founder=founder)
