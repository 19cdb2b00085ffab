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


@register.filter
def after_prefix(text, prefix):
    """The rest of ``text`` when it starts with ``prefix``, else None: a trace line that already names
    its check ("年龄 88 周岁…") is not prefixed with the check's name again ("年龄：年龄 88 周岁")."""
    text, prefix = str(text or ""), str(prefix or "")
    return text[len(prefix):] if prefix and text.startswith(prefix) else None
