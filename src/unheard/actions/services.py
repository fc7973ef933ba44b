"""Writes to solidarity actions: validated, versioned and audited in one transaction each.

Publication goes through `unheard.core.publication` (the admin's actions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from unheard.actions.models import SolidarityAction
from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.services import editable_fields, model_create, model_update, revision


@transaction.atomic
def solidarity_action_create(*, data: Mapping[str, Any], acting_user) -> SolidarityAction:
    fields = editable_fields(SolidarityAction)
    with revision(acting_user=acting_user, comment=_("Created")):
        action = model_create(model=SolidarityAction, fields=fields, data=data)
    summary = creation_summary(action, [name for name in fields if name in data])
    audit_log(
        acting_user=acting_user,
        action="solidarity_action_create",
        record=action,
        summary=summary,
    )
    return action


@transaction.atomic
def solidarity_action_update(
    *, action: SolidarityAction, data: Mapping[str, Any], acting_user
) -> SolidarityAction:
    fields = editable_fields(SolidarityAction)
    with revision(acting_user=acting_user, comment=_("Changed")):
        action, changes = model_update(instance=action, fields=fields, data=data)
    if changes:
        audit_log(
            acting_user=acting_user,
            action="solidarity_action_update",
            record=action,
            summary=change_summary(action, changes),
        )
    return action
