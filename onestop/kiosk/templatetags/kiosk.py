"""The kiosk's step indicator (one step per screen) and the masked name of the account in use."""

from django import template

from onestop.kiosk.login import mask_name

register = template.Library()

FLOWS = {
    "qr": ["选择登录方式", "手机扫码确认", "核对账号"],
    "id": ["选择登录方式", "输入身份证号", "输入验证码", "核对账号"],
    "print": ["登录", "选择证照", "核对并打印"],
    "startup": ["名称申报", "企业信息", "股东和人员", "并联事项", "核对并提交", "办理进度", "领取执照"],
}


@register.inclusion_tag("kiosk/_steps.html")
def kiosk_steps(flow: str, current: int):
    return {"steps": FLOWS[flow], "current": current}


@register.simple_tag(takes_context=True)
def kiosk_account(context) -> str:
    user = context["request"].user
    person = getattr(user, "person", None) if user.is_authenticated else None
    return mask_name(person.name) if person else ""
