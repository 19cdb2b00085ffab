"""Shown on a service item's guide page: the policy documents that concern the item. The catalogue
(a lower layer) never imports news; its guide template loads this tag."""

from django import template

from onestop.catalog.models import ServiceItem

from .. import services

register = template.Library()


@register.inclusion_tag("news/_item_policies.html")
def item_policies(code: str):
    item = ServiceItem.objects.filter(code=code).first()
    return {"policies": list(services.policies_for_item(item)[:10]) if item else []}
