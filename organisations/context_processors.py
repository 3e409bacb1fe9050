from organisations.permissions import ROLE_PERMISSIONS, Perm


def workspace(request):
    """What every page shows of the current organisation, read lazily."""
    ws = getattr(request, "workspace", None)
    membership = ws.membership if ws is not None and request.user.is_authenticated else None
    return {
        "workspace": ws,
        "current_membership": membership,
        # For showing or hiding links only; views check permissions themselves.
        "perms_here": (
            {p.value: True for p in ROLE_PERMISSIONS[membership.role]} if membership else {}
        ),
        "Perm": Perm,
        # django-htmx's {% htmx_script %} looks for this name.
        "csp_nonce": getattr(request, "csp_nonce", None),
    }
