from datetime import timedelta

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from unheard.core.plugins import (
    BackofficeSection,
    DemoLoader,
    NavItem,
    ScheduledJob,
    TrackedFieldRef,
)
from unheard.petitions import roles


class PetitionsConfig(AppConfig):
    name = "unheard.petitions"
    label = "petitions"
    verbose_name = _("Petitions")
    scheduled_jobs = (
        ScheduledJob("petitions.send_mail", "petitions_send_mail", timedelta(minutes=10)),
    )
    # A change of these may change a public page or figure (core/record_cache.py).
    public_record_models = (
        "Petition",
        "PetitionTarget",
        "Signature",
        "NotableSignatory",
        "Delivery",
    )

    backoffice_sections = (
        BackofficeSection(_("Petitions"), models=("Petition", "Signature"), order=45),
    )

    nav_items = (NavItem(_("Petitions"), "petitions:list", order=37),)
    role_grants = roles.ROLE_GRANTS
    demo_loaders = (DemoLoader("unheard.petitions.demo_loader.demo_load", after=("registry",)),)
    tracked_fields = (
        TrackedFieldRef("Petition.title"),
        TrackedFieldRef("Petition.text"),
        TrackedFieldRef("PetitionTarget.name"),
        TrackedFieldRef("NotableSignatory.description"),
        TrackedFieldRef("Delivery.answer"),
    )
