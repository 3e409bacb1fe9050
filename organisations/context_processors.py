from organisations import attention
from organisations.permissions import Perm, can


def workspace(request):
    """What every page shows of the current organisation.

    The memberships are read once per request (one query, shared with the
    view's permission check); anonymous users cost nothing.
    """
    ws = getattr(request, "workspace", None)
    membership = ws.membership if ws is not None and request.user.is_authenticated else None
    return {
        "workspace": ws,
        "current_membership": membership,
        # For showing or hiding links only; views check permissions themselves.
        "perms_here": {perm.value: True for perm in Perm if can(membership, perm)},
        # django-htmx's {% htmx_script %} looks for this name.
        "csp_nonce": getattr(request, "csp_nonce", None),
        # As last worked out (a cache read, no query); None sends the page for it.
        "attention_count": attention.known_count(membership) if membership else None,
    }
