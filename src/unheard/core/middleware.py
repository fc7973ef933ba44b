"""Request middleware of the project."""

from django.conf import settings
from reversion.middleware import RevisionMiddleware as ReversionRevisionMiddleware


class RevisionMiddleware(ReversionRevisionMiddleware):
    """Records who changed what during a request, without making the request one transaction.

    django-reversion's middleware wraps each POST in `transaction.atomic()` by default. On SQLite
    (IMMEDIATE transactions) that takes the database's write lock when the request starts and
    holds it while the view checks uploaded images or renders a PDF: twenty supporters sending
    photos at once then wait on each other until "database is locked". Every write already runs
    in its own short transaction (services, admin views), so the request need not be one.
    """

    atomic = False


class PermissionsPolicyMiddleware:
    """Sends `Permissions-Policy` (UNHEARD_PERMISSIONS_POLICY): no page of the site may use the
    camera, microphone, location, payments or USB, nor let an embedded frame use them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        policy = getattr(settings, "UNHEARD_PERMISSIONS_POLICY", "")
        if policy:
            response.headers.setdefault("Permissions-Policy", policy)
        return response
