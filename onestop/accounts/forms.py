from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError


def _messages(label: str, too_long: str) -> dict:
    """Plain messages for a text field, instead of Django's generic ones (“确保该变量包含…”)."""
    return {"required": f"请输入{label}", "max_length": too_long, "min_length": too_long,
            "null_characters_not_allowed": f"{label}中含有无法识别的字符，请重新输入"}


MOBILE_MESSAGES = _messages("手机号码", "请输入11位手机号码")


class RegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30, error_messages=_messages("姓名", "姓名不能超过 30 个字"))
    id_number = forms.CharField(label="身份证号码", max_length=18, min_length=18,
                                error_messages=_messages("身份证号码", "身份证号码应为18位"))
    mobile = forms.CharField(label="手机号码", max_length=14, error_messages=MOBILE_MESSAGES)


class MobileForm(forms.Form):
    mobile = forms.CharField(label="手机号码", max_length=14, error_messages=MOBILE_MESSAGES)


class CodeForm(forms.Form):
    code = forms.RegexField(label="短信验证码", regex=r"^\d{6}$", error_messages={"invalid": "请输入6位数字验证码"})


def locked_message(seconds: int) -> str:
    return f"密码错误次数过多，该账号在本网络已暂时锁定，请 {max(1, (seconds + 59) // 60)} 分钟后再试。"


class _LockAware:
    """Says "locked" (with the wait) instead of "wrong password" when login_policy refused."""

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            wait = getattr(self.request, "login_retry_after", 0)
            if wait:
                raise ValidationError(locked_message(wait), code="locked") from None
            raise


class StaffLoginForm(_LockAware, AuthenticationForm):
    pass


class AdminLoginForm(_LockAware, AdminAuthenticationForm):
    pass
