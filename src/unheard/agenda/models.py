"""Reminder subscriptions ("tell me a week before X's birthday") and the reminders sent.

Never public (`unheard.core.visibility`: no rule, closed by default): the subscriber's e-mail is
known only to the back office and to the e-mails themselves.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from unheard.registry.models import Person


class ReminderSubscription(models.Model):
    """A request to be told by e-mail before a person's birthday; active once confirmed."""

    person = models.ForeignKey(
        Person, verbose_name=_("person"), on_delete=models.CASCADE, related_name="+"
    )
    email = models.EmailField(_("e-mail"))
    days_before = models.PositiveSmallIntegerField(
        _("days before"), default=7, validators=[MinValueValidator(1), MaxValueValidator(30)]
    )
    language = models.CharField(_("language"), max_length=5, default="en")
    is_confirmed = models.BooleanField(_("confirmed"), default=False)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder subscription")
        verbose_name_plural = _("reminder subscriptions")
        constraints = [
            models.UniqueConstraint("person", Lower("email"), name="agenda_one_reminder_per_email")
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.person_id})"


class Reminder(models.Model):
    """One reminder e-mail for one birthday: the outbox row (sent by a task after its commit)."""

    subscription = models.ForeignKey(
        ReminderSubscription, on_delete=models.CASCADE, related_name="reminders"
    )
    occurs_on = models.DateField(_("birthday"))
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "occurs_on"], name="agenda_one_reminder_per_birthday"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.occurs_on}"
