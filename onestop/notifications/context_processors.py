from . import services


def unread(request):
    """The unread count in the page header: one indexed COUNT for a signed-in citizen, nothing otherwise."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or getattr(user, "kind", "") != "citizen":
        return {}
    return {"unread_notices": services.unread_count(user)}
