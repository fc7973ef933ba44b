"""Dated snapshots of the open data: a census day, kept so that a count published on that day
can be reproduced later (as CPJ publishes its census of 1 December each year)."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from unheard.core.visibility import Always, PublicManager


class DataSnapshot(models.Model):
    """The data package in every language as it stood on `day`, zipped; never rewritten."""

    VISIBILITY = Always()  # made only from public records, by `snapshot_take`

    day = models.DateField(_("census day"), unique=True)
    taken_at = models.DateTimeField(_("taken at"))
    archive = models.BinaryField(_("archive (zip)"))
    counts = models.JSONField(_("rows per table"), default=dict)

    objects = PublicManager()

    class Meta:
        verbose_name = _("open data snapshot")
        verbose_name_plural = _("open data snapshots")
        ordering = ["-day"]

    def __str__(self) -> str:
        return self.day.isoformat()

    def get_absolute_url(self) -> str:
        return reverse("opendata:snapshot", kwargs={"day": self.day.isoformat()})

    @property
    def file_name(self) -> str:
        return f"unheard-data-{self.day.isoformat()}.zip"
