from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """Value of a dict (or QueryDict) by a key computed in the template."""
    if mapping is None:
        return None
    getter = getattr(mapping, "get", None)
    return getter(key) if getter else None


@register.filter
def material_error(errors, material_id):
    return (errors or {}).get(f"material_{material_id}")
