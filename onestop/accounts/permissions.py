"""Who may do what: the one place where roles are checked (views and the API call these)."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from .models import Role, StaffProfile, User

VERIFY_ROLES = {Role.WINDOW, Role.REVIEWER, Role.DEPARTMENT_ADMIN}
ISSUE_ROLES = {Role.WINDOW, Role.DEPARTMENT_ADMIN}
CASE_HANDLING_ROLES = VERIFY_ROLES  # see a department's cases, file one at the window
CASE_REVIEW_ROLES = {Role.REVIEWER, Role.DEPARTMENT_ADMIN}  # accept, decide
IDENTITY_CHECK_ROLES = {Role.WINDOW}  # check a visitor's ID card and bind their account
WINDOW_ROLES = {Role.WINDOW}  # the comprehensive window: accept or refuse any department's item


def needs(description: str):
    """Label a check with the roles it admits, in words the 403 page and the console show a
    staff member ("审批人员或部门管理员")."""

    def label(check):
        check.needs = description
        return check

    return label


def role_names(user) -> str:
    """The user's roles as the console names them ("窗口人员、审批人员")."""
    labels = dict(Role.choices)
    return "、".join(labels.get(role, role) for role in sorted(roles(user))) or "无"


def staff_profile(user) -> StaffProfile | None:
    if not getattr(user, "is_authenticated", False) or user.kind != User.Kind.STAFF:
        return None
    return getattr(user, "staff_profile", None)


def roles(user) -> set[str]:
    profile = staff_profile(user)
    return set(profile.roles) if profile else set()


def is_citizen(user) -> bool:
    return getattr(user, "is_authenticated", False) and user.kind == User.Kind.CITIZEN


def verified_person(user):
    """The person a citizen account is bound to, once bound by something the person holds (carrier
    check, window clerk, provincial login: accounts.identity); None before. Every page and service
    that shows or uses someone's data (certificates, cases, profile, pre-fill) asks this."""
    if not is_citizen(user):
        return None
    person = getattr(user, "person", None)
    return person if person is not None and person.real_name_verified_at else None


@needs("窗口人员")
def can_verify_identity(user) -> bool:
    """Window staff check ID cards at the counter (accounts.identity.verify_at_window)."""
    return bool(roles(user) & IDENTITY_CHECK_ROLES)


@needs("窗口人员、审批人员或部门管理员")
def can_verify_certificates(user) -> bool:
    return bool(roles(user) & VERIFY_ROLES)


@needs("窗口人员")
def can_accept_at_window(user) -> bool:
    """Window staff of any department work the comprehensive window (综合窗口, 无差别受理)."""
    return bool(roles(user) & WINDOW_ROLES)


@needs("窗口人员、审批人员或部门管理员")
def can_handle_cases(user) -> bool:
    return bool(roles(user) & CASE_HANDLING_ROLES)


@needs("审批人员或部门管理员")
def can_review_cases(user) -> bool:
    return bool(roles(user) & CASE_REVIEW_ROLES)


@needs("窗口人员或部门管理员")
def can_issue_any(user) -> bool:
    """Staff who may issue some certificate of their department (console 签发证照)."""
    return bool(roles(user) & ISSUE_ROLES)


@needs("部门管理员")
def is_department_admin(user) -> bool:
    return Role.DEPARTMENT_ADMIN in roles(user)


@needs("部门管理员或平台管理员")
def can_see_data_sources(user) -> bool:
    return bool(roles(user) & {Role.DEPARTMENT_ADMIN, Role.PLATFORM_ADMIN})


def can_issue(user, cert_type) -> bool:
    """Staff of the issuing department with a window or department-admin role."""
    profile = staff_profile(user)
    return bool(profile and set(profile.roles) & ISSUE_ROLES and profile.department_id == cert_type.issuer_id)


def holds(user, certificate) -> bool:
    """The holder, or the legal representative acting for the holding company."""
    person = verified_person(user)
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
        if not is_citizen(request.user):
            raise PermissionDenied("仅限实名注册的办事群众使用")
        if verified_person(request.user) is None:
            return redirect("accounts:unverified")  # says how to verify; shows nothing of anyone
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
                needed = getattr(check, "needs", None)
                if needed and staff_profile(request.user) is not None:
                    raise PermissionDenied(f"该功能仅限{needed}使用，您当前的角色为{role_names(request.user)}")
                raise PermissionDenied("您没有该操作的权限")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
