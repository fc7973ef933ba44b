"""Solidarity actions: days of action in many cities, broadcasts, letter-writing evenings."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from unheard.core.dates import PartialDate, precision_field
from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import PublicManager, Published
from unheard.registry.models import Organisation


class SolidarityAction(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published()

    class Kind(models.TextChoices):
        DAY_OF_ACTION = "day_of_action", _("day of action")
        LETTER_EVENING = "letter_evening", _("letter-writing evening")
        MARATHON = "marathon", _("broadcast marathon")
        PICKET = "picket", _("picket or rally")
        OTHER = "other", _("other")

    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    title = models.CharField(_("title"), max_length=300)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    starts_on = models.DateField(_("starts"), null=True, blank=True)
    starts_on_precision = precision_field()
    ends_on = models.DateField(_("ends"), null=True, blank=True)
    ends_on_precision = precision_field()
    recurring_date = models.CharField(
        _("recurring date"),
        max_length=5,
        blank=True,
        help_text=_("For a yearly action whose year the sources do not give: MM-DD, e.g. 04-30."),
    )
    cities = models.JSONField(_("cities"), default=list, blank=True)
    countries = models.JSONField(_("countries (ISO 3166 codes)"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True)
    organisers = models.ManyToManyField(Organisation, verbose_name=_("organisers"), blank=True)

    objects = PublicManager()

    class Meta:
        verbose_name = _("solidarity action")
        verbose_name_plural = _("solidarity actions")
        ordering = ["-starts_on", "title"]
        permissions = [("publish_solidarityaction", _("Can publish solidarity actions"))]

    def __str__(self) -> str:
        return self.title

    @property
    def starts(self) -> PartialDate | None:
        return PartialDate.of(self.starts_on, self.starts_on_precision)
