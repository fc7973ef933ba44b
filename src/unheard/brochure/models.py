"""Brochures ordered from the back office: the selection, then the PDF a task made of it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

LANGUAGE_CHOICES = [(code, name) for code, name in settings.LANGUAGES]


class BrochureJob(models.Model):
    """One brochure asked for by an editor; a background task renders it and stores the PDF."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("being made")
        DONE = "done", _("ready")
        FAILED = "failed", _("refused")

    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    case_slugs = models.JSONField(_("cases"), default=list, blank=True)
    person_slugs = models.JSONField(_("people"), default=list, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked for by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_at = models.DateTimeField(_("asked for"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    message = models.TextField(_("message"), blank=True)
    pdf = models.FileField(_("PDF"), upload_to="brochures/", blank=True)
    pages = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("brochure")
        verbose_name_plural = _("brochures")
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        selection = ", ".join([*self.case_slugs, *self.person_slugs])
        return f"{self.get_language_display()}: {selection}"
