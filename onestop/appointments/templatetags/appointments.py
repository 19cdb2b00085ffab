from django import template

from onestop.catalog.models import ServiceItem

from ..services import is_bookable

register = template.Library()


@register.simple_tag
def bookable(code: str) -> bool:
    """Whether the item can be booked at some hall (the guide's 预约办理 button)."""
    item = ServiceItem.objects.filter(code=code).first()
    return bool(item and is_bookable(item))
