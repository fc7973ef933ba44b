"""`check --deploy` warns when a production instance runs without its staff protections."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def staff_protections_check(app_configs, **kwargs) -> list[Warning]:
    warnings = []
    if not settings.UNHEARD_STAFF_2FA:
        warnings.append(
            Warning(
                "UNHEARD_STAFF_2FA is off: staff sign in to the back office with a password alone.",
                id="unheard.accounts.W001",
            )
        )
    if not settings.AXES_ENABLED:
        warnings.append(
            Warning(
                "UNHEARD_LOGIN_THROTTLING is off: wrong passwords are never locked out.",
                id="unheard.accounts.W002",
            )
        )
    if not getattr(settings, "UNHEARD_AUDIT_ACCESS", True):
        warnings.append(
            Warning(
                "UNHEARD_AUDIT_ACCESS is off: sign-ins and views of confidential values go unrecorded.",
                id="unheard.accounts.W003",
            )
        )
    return warnings
