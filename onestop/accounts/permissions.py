"""Who may do what: the one place where roles are checked (views and the API call these)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied

from .models import Role, StaffProfile, User

VERIFY_ROLES = {Role.WINDOW, Role.REVIEWER, Role.DEPARTMENT_ADMIN}
ISSUE_ROLES = {Role.WINDOW, Role.DEPARTMENT_ADMIN}
CASE_HANDLING_ROLES = VERIFY_ROLES  # see a department's cases, file one at the window
CASE_REVIEW_ROLES = {Role.REVIEWER, Role.DEPARTMENT_ADMIN}  # accept, decide


def staff_profile(user) -> StaffProfile | None:
    if not getattr(user, "is_authenticated", False) or user.kind != User.Kind.STAFF:
        return None
    return getattr(user, "staff_profile", None)


def roles(user) -> set[str]:
    profile = staff_profile(user)
    return set(profile.roles) if profile else set()


def is_citizen(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.kind == User.Kind.CITIZEN


def can_verify_certificates(user) -> bool:
    return bool(roles(user) & VERIFY_ROLES)


def can_handle_cases(user) -> bool:
    return bool(roles(user) & CASE_HANDLING_ROLES)


def can_review_cases(user) -> bool:
    return bool(roles(user) & CASE_REVIEW_ROLES)


def can_issue(user, cert_type) -> bool:
    """Staff of the issuing department with a window or department-admin role."""
    profile = staff_profile(user)
    return bool(profile and set(profile.roles) & ISSUE_ROLES and profile.department_id == cert_type.issuer_id)


def holds(user, certificate) -> bool:
    """The holder, or the legal representative acting for the holding company."""
    person = getattr(user, "person", None) if is_citizen(user) else None
    if person is None:
        return False
    if certificate.holder_person_id:
        return certificate.holder_person_id == person.pk
    return certificate.holder_company.legal_representative_id == person.pk


def citizen_required(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_citizen(request.user) or not hasattr(request.user, "person"):
            raise PermissionDenied("仅限实名注册的办事群众使用")
        return view(request, *args, **kwargs)

    return wrapper


def staff_required(check):
    """Decorator: the user must be staff and pass ``check(user)``."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), login_url="/accounts/staff-login/")
            if not check(request.user):
                raise PermissionDenied("您没有该操作的权限")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
