from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import BackofficeSection, ScheduledJob, WaitingCount
from unheard.sharing import roles


class SharingConfig(AppConfig):
    name = "unheard.sharing"
    label = "sharing"
    verbose_name = _("Sharing between instances")
    scheduled_jobs = (ScheduledJob("sharing.pull", "sharing_pull", timedelta(hours=1)),)

    backoffice_sections = (
        BackofficeSection(
            _("Sharing between instances"),
            models=("Conflict", "ImportedRecord", "Peer"),
            order=70,
        ),
    )
    waiting_counts = (
        WaitingCount(
            _("Conflicts with records from peer instances"),
            "unheard.sharing.selectors.conflicts_open_count",
            "admin:sharing_conflict_changelist",
            "sharing.change_conflict",
            query="?resolution__exact=open",
        ),
    )
    role_grants = roles.ROLE_GRANTS
