"""Reminder subscriptions ("tell me a week before X's birthday", "… before the anniversary of X's
arrest", "… before this action") and the reminders sent.

Never public (`unheard.core.visibility`: no rule, closed by default): the subscriber's e-mail is
known only to the back office and to the e-mails themselves.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from unheard.actions.models import Action
from unheard.registry.models import Person


class ReminderSubscription(models.Model):
    """A request to be told by e-mail before a date of a person's (a birthday, an arrest or
    verdict anniversary, a hearing or other coming event, the expected release) or before an
    action; active once confirmed."""

    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("birthday")
        ARREST = "arrest_anniversary", _("anniversary of the arrest")
        VERDICT = "verdict_anniversary", _("anniversary of the verdict")
        EVENT = "event", _("hearings and other coming events")
        RELEASE = "expected_release", _("expected release")
        ACTION = "action", _("action")

    kind = models.CharField(
        _("reminded of"), max_length=20, choices=Kind.choices, default=Kind.BIRTHDAY
    )
    person = models.ForeignKey(
        Person,
        verbose_name=_("person"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
    )
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.CASCADE,
        related_name="+",
        null=True,
        blank=True,
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
            models.UniqueConstraint(
                "person",
                "kind",
                Lower("email"),
                name="agenda_one_reminder_per_email",
                condition=Q(person__isnull=False),
            ),
            models.UniqueConstraint(
                "action",
                Lower("email"),
                name="agenda_one_action_reminder_per_email",
                condition=Q(action__isnull=False),
            ),
            models.CheckConstraint(
                condition=Q(person__isnull=False, action__isnull=True)
                | Q(person__isnull=True, action__isnull=False),
                name="agenda_reminder_of_a_person_or_an_action",
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} ({self.kind} {self.person_id or self.action_id})"


class Reminder(models.Model):
    """One reminder e-mail for one date: the outbox row (sent by a task after its commit)."""

    subscription = models.ForeignKey(
        ReminderSubscription, on_delete=models.CASCADE, related_name="reminders"
    )
    occurs_on = models.DateField(_("date"))
    title = models.CharField(_("what"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)  # core.outbox.outbox_claim

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "occurs_on"], name="agenda_one_reminder_per_birthday"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.occurs_on}"
