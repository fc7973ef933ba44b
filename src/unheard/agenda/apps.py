from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import NavItem, PersonHelpBox, RecordPanel, ScheduledJob


class AgendaConfig(AppConfig):
    name = "unheard.agenda"
    label = "agenda"
    verbose_name = _("Calendar")
    scheduled_jobs = (
        ScheduledJob("agenda.send_reminders", "agenda_send_reminders", timedelta(days=1)),
    )

    nav_items = (NavItem(_("Calendar"), "agenda:month", order=38),)
    person_help_boxes = (PersonHelpBox("agenda/includes/person_help.html", order=40),)
    record_panels = (RecordPanel("actions.Group", "agenda/includes/group_calendar.html", order=40),)
