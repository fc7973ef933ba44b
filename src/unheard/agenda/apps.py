from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import NavItem, PersonHelpBox, RecordPanel


class AgendaConfig(AppConfig):
    name = "unheard.agenda"
    label = "agenda"
    verbose_name = _("Calendar")

    nav_items = (NavItem(_("Calendar"), "agenda:month", order=38),)
    person_help_boxes = (PersonHelpBox("agenda/includes/person_help.html", order=40),)
    record_panels = (RecordPanel("actions.Group", "agenda/includes/group_calendar.html", order=40),)
