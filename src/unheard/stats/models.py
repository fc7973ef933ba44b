"""Figures counted by other organisations, shown beside the registry's own and never added to
them: who counted, what, when and how, with the source that reports it; and the periods of
custody the statistics read a past date from, kept from the registry."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from unheard.core.dates import PartialDate, precision_field
from unheard.core.models import Publishable, Sourced, TimeStamped
from unheard.core.visibility import Always, PublicManager, PublicQuerySet, Published
from unheard.registry.models import Person


class ExternalFigure(Publishable, Sourced, TimeStamped):
    VISIBILITY = Published()

    class Qualifier(models.TextChoices):
        EXACT = "exact", _("exactly")
        AT_LEAST = "at_least", _("at least")
        MORE_THAN = "more_than", _("more than")
        ABOUT = "about", _("about")

    key = models.SlugField(_("key"), max_length=100, unique=True)
    beside = models.SlugField(
        _("shown beside the figure"),
        max_length=40,
        help_text=_("The key of the registry's figure this one is compared with, e.g. “held”."),
    )
    organisation = models.CharField(_("counted by"), max_length=300)
    value = models.PositiveBigIntegerField(_("number"))
    qualifier = models.CharField(
        _("precision"), max_length=10, choices=Qualifier.choices, default=Qualifier.EXACT
    )
    counts = models.CharField(_("what it counts"), max_length=500)
    method = models.TextField(
        _("how it was counted"),
        blank=True,
        help_text=_("As the source states it; say so when the source does not."),
    )
    date = models.DateField(_("date or period"), null=True, blank=True)
    date_precision = precision_field()
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = PublicManager()

    class Meta:
        verbose_name = _("figure counted by others")
        verbose_name_plural = _("figures counted by others")
        ordering = ["beside", "order", "key"]
        permissions = [("publish_externalfigure", _("Can publish figures counted by others"))]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.value} {self.counts}"

    def clean(self) -> None:
        from unheard.stats.figures import figure_by_key

        if self.beside and figure_by_key(self.beside) is None:
            raise ValidationError({"beside": _("The statistics have no figure with this key.")})

    @property
    def when(self) -> PartialDate | None:
        return PartialDate.of(self.date, self.date_precision)


class CustodyPeriodQuerySet(PublicQuerySet):
    def held_on(self, date) -> CustodyPeriodQuerySet:
        """The periods in which the person was held on `date`: begun on or before it and not
        ended by then (a period that ends on the date does not hold them at its end)."""
        return self.filter(models.Q(ended__isnull=True) | models.Q(ended__gt=date), began__lte=date)


class CustodyPeriod(models.Model):
    """A period of custody of a public person, as their public dated facts make it (the policy
    of `stats.record`): from the first change that began custody to the change that ended it,
    None while it lasts. Derived, never typed in: kept in step by `stats.signals`, rebuilt by
    `custody_periods_rebuild` (`unheard custody_rebuild`).

    Public as the facts it is made from: only the public facts of public people write a period
    (read through the registry's visibility policy), and any change to a person's publication,
    synthetic flag or facts rewrites theirs; so the statistics read the table without joining
    the people again (at 100,000 people that join was most of the time of a count)."""

    VISIBILITY = Always()

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    began = models.DateField()
    ended = models.DateField(null=True)

    objects = models.Manager.from_queryset(CustodyPeriodQuerySet)()  # `.public()`, `.held_on()`

    class Meta:
        ordering = ["person", "began"]
        indexes = [models.Index(fields=["began", "ended", "person"], name="custody_began_ended")]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.began}–{self.ended or ''}"


class CountedFromQuerySet(PublicQuerySet):
    def counted_on(self, date, *, is_today: bool = False) -> CountedFromQuerySet:
        """The rows counted on `date`; today also those that count in today's figures only."""
        counted = models.Q(counted_from__lte=date)
        return self.filter(counted | models.Q(counted_from__isnull=True) if is_today else counted)


class ChargeCounted(models.Model):
    """A public charge of a public person under an article, with the date from which it counts
    in the figures on a past date (`stats.charges`); None: in today's figures only. Charges of a
    person under one article that count from the same date are one row. Derived, never typed
    in: kept in step by `stats.signals`, rebuilt by `charges_counted_rebuild`
    (`unheard charges_rebuild`).

    Public as the facts it is made from (as `CustodyPeriod`): only the public charges, links to
    cases and dated facts of public people in public cases write a row, and any change to them,
    to the person or to the case rewrites the person's rows. The article is joined when read:
    its category may change without a charge changing."""

    VISIBILITY = Always()

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    article = models.ForeignKey("registry.Article", on_delete=models.CASCADE, related_name="+")
    counted_from = models.DateField(null=True)

    objects = models.Manager.from_queryset(CountedFromQuerySet)()  # `.public()`, `.counted_on()`

    class Meta:
        ordering = ["person", "article", "counted_from"]
        indexes = [
            models.Index(fields=["counted_from", "article", "person"], name="charge_counted_from")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.article_id} from {self.counted_from or ''}"


class ProsecutionCounted(models.Model):
    """A public prosecution (the public link of a public person to a public case) with the date
    from which it counts in the figures on a past date, its beginning (`stats.charges`); None: in
    today's figures only. Derived, never typed in: kept in step by `stats.signals` with
    `ChargeCounted`, rebuilt by `prosecutions_counted_rebuild` (`unheard charges_rebuild`).

    Public as `ChargeCounted` is. The case is joined when read (its region may change without
    its prosecutions changing)."""

    VISIBILITY = Always()

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("registry.Case", on_delete=models.CASCADE, related_name="+")
    counted_from = models.DateField(null=True)

    objects = models.Manager.from_queryset(CountedFromQuerySet)()  # `.public()`, `.counted_on()`

    class Meta:
        ordering = ["person", "case"]
        indexes = [
            models.Index(fields=["counted_from", "person", "case"], name="prosecution_counted_from")
        ]

    def __str__(self) -> str:
        return f"{self.person_id}: {self.case_id} from {self.counted_from or ''}"
