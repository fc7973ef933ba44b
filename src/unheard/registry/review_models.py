"""A review unit: proposed changes to published records, waiting for a second editor.

The live rows keep what the public sees. An editor's change to a published person, case or
facility (or to a published fact of the person) is kept here as proposed field values, with the
values the live row held when the change was proposed; it reaches the live rows only when a
reviewer approves the unit (`unheard.registry.review`). New records the change brings (a new
case, a new charge) are ordinary drafts, published with the unit.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ReviewUnit(models.Model):
    """One record (a person with their facts, a case or a facility) and its proposed changes.

    `changes` is a list of items, one per changed record:
    `{"model": "registry.charge", "pk": 7, "repr": "…", "fields": {name: proposed},
    "base": {name: live value when proposed}, "delete": false}`; values are stored as
    `unheard.registry.review.dump_value` writes them.
    """

    class Kind(models.TextChoices):
        CHANGE = "change", _("change")
        REVERT = "revert", _("revert")

    class State(models.TextChoices):
        DRAFT = "draft", _("being edited")
        IN_REVIEW = "in_review", _("in review")
        APPROVED = "approved", _("approved")
        DISCARDED = "discarded", _("discarded")

    OPEN = (State.DRAFT, State.IN_REVIEW)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record_repr = models.CharField(_("record"), max_length=300)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.CHANGE)
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.DRAFT, db_index=True
    )
    changes = models.JSONField(_("proposed changes"), default=list, blank=True)
    authors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("changed by"), related_name="+", blank=True
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("submitted for review by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    comment = models.TextField(_("reviewer's comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("change in review")
        verbose_name_plural = _("changes in review")
        ordering = ["updated_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "state"])]

    def __str__(self) -> str:
        return self.record_repr

    @property
    def record(self) -> models.Model | None:
        """The record the unit changes, or None once it has been deleted."""
        model = self.content_type.model_class()
        return model._default_manager.filter(pk=self.object_id).first()
