"""Writes to the figures counted by others: validated, versioned and audited in one transaction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from unheard.core.audit import audit_log, change_summary, creation_summary
from unheard.core.services import editable_fields, model_create, model_update, revision
from unheard.stats.models import ExternalFigure


@transaction.atomic
def external_figure_create(*, data: Mapping[str, Any], acting_user) -> ExternalFigure:
    fields = editable_fields(ExternalFigure)
    with revision(acting_user=acting_user, comment=_("Created")):
        figure = model_create(model=ExternalFigure, fields=fields, data=data)
    summary = creation_summary(figure, [name for name in fields if name in data])
    audit_log(
        acting_user=acting_user, action="external_figure_create", record=figure, summary=summary
    )
    return figure


@transaction.atomic
def external_figure_update(
    *, figure: ExternalFigure, data: Mapping[str, Any], acting_user
) -> ExternalFigure:
    with revision(acting_user=acting_user, comment=_("Changed")):
        figure, changes = model_update(
            instance=figure, fields=editable_fields(ExternalFigure), data=data
        )
    if changes:
        audit_log(
            acting_user=acting_user,
            action="external_figure_update",
            record=figure,
            summary=change_summary(figure, changes),
        )
    return figure
