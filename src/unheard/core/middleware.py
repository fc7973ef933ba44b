"""Request middleware of the project."""

import inspect

from django.conf import settings
from django.contrib.admin import ModelAdmin
from reversion.middleware import RevisionMiddleware as ReversionRevisionMiddleware

from unheard.core.audit import audit_access
from unheard.core.plugins import confidential_models


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


class ConfidentialAccessAuditMiddleware:
    """Writes an audit row for every back-office page of a confidential model a staff user opens
    and for every file downloaded from the back office (see `unheard.core.audit`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 200 and getattr(settings, "UNHEARD_AUDIT_ACCESS", True):
            match = getattr(request, "resolver_match", None)
            if match is not None and match.namespace == "admin" and request.user.is_authenticated:
                access_audit(request, match, response)
        return response


def access_audit(request, match, response) -> None:
    model_admin = model_admin_of(match.func)
    model = model_admin.model if model_admin is not None else None
    download = is_download(response)
    if not download and model not in confidential_models():
        return
    object_id = match.kwargs.get("object_id") or next(iter(match.kwargs.values()), "")
    summary = {"view": match.url_name}
    if download:
        summary["file"] = response.get("Content-Disposition", "")[:200]
    audit_access(
        acting_user=request.user,
        action="export" if download else "confidential_view",
        model=model,
        object_id=str(object_id),
        summary=summary,
    )


def model_admin_of(view):
    """The ModelAdmin behind an admin URL: Django's own views carry it, custom views
    (`admin_site.admin_view(self.some_view)`) are its bound methods under the wrappers."""
    model_admin = getattr(view, "model_admin", None)
    if model_admin is None:
        model_admin = getattr(inspect.unwrap(view), "__self__", None)
    return model_admin if isinstance(model_admin, ModelAdmin) else None


def is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    content_type = response.get("Content-Type", "")
    return disposition.startswith("attachment") or content_type.startswith(
        ("text/csv", "application/pdf")
    )
