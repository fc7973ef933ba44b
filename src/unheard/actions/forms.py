"""Public forms: join an action, propose an action. They parse; the services decide."""

from __future__ import annotations

import datetime as dt
import zoneinfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from unheard.actions.models import Action, DayOfAction, time_zone_validator
from unheard.core.countries import country_validator


class SignUpForm(forms.Form):
    name = forms.CharField(
        label=_("Your name or a pseudonym"),
        max_length=120,
        help_text=_("Only the organisers see it."),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm it. It is never published."),
    )


class ProposalForm(forms.Form):
    title = forms.CharField(label=_("What is the action called?"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind of action"), choices=Action.Kind.choices)
    description = forms.CharField(
        label=_("What will happen?"), widget=forms.Textarea(attrs={"rows": 5})
    )
    day = forms.ModelChoiceField(
        label=_("Day of action"),
        queryset=DayOfAction.objects.none(),
        required=False,
        empty_label=_("none"),
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}), required=False
    )
    start_time = forms.TimeField(
        label=_("Starts at"), widget=forms.TimeInput(attrs={"type": "time"}), required=False
    )
    end_time = forms.TimeField(
        label=_("Ends at"), widget=forms.TimeInput(attrs={"type": "time"}), required=False
    )
    time_zone = forms.CharField(
        label=_("Time zone"),
        max_length=64,
        required=False,
        validators=[time_zone_validator],
        help_text=_("Like Europe/Berlin or America/New_York."),
    )
    online = forms.BooleanField(label=_("It happens online"), required=False)
    venue = forms.CharField(label=_("Place"), max_length=300, required=False)
    city = forms.CharField(label=_("City"), max_length=120, required=False)
    country = forms.CharField(
        label=_("Country code"),
        max_length=2,
        required=False,
        help_text=_("Two letters, like DE for Germany or FR for France."),
    )
    proposer_name = forms.CharField(
        label=_("Your name or a pseudonym"), max_length=200, required=False
    )
    proposer_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("We send a link to confirm it; only the organisers see it."),
    )

    def __init__(self, *args, days=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if days is not None:
            self.fields["day"].queryset = days

    def clean_country(self) -> str:
        code = self.cleaned_data["country"].strip().upper()
        country_validator(code)
        return code

    def clean(self):
        data = super().clean()
        date, zone = data.get("date"), data.get("time_zone")
        if (data.get("start_time") or data.get("end_time")) and not date:
            self.add_error("date", _("Give the date of the action."))
        if date and data.get("start_time") and not zone:
            self.add_error("time_zone", _("An action with a time needs its time zone."))
        if not data.get("online") and not data.get("city") and "city" not in self.errors:
            self.add_error("city", _("Give the city, or say that the action happens online."))
        return data

    def action_data(self) -> dict:
        """The form's values as the fields of an action (times made aware in their zone)."""
        data = self.cleaned_data
        values = {
            name: data[name]
            for name in (
                "title",
                "kind",
                "description",
                "online",
                "venue",
                "city",
                "country",
                "day",
            )
        }
        values["time_zone"] = data.get("time_zone") or ""
        date = data.get("date")
        if date and values["time_zone"]:
            zone = zoneinfo.ZoneInfo(values["time_zone"])
            for name, time in (
                ("starts_at", data.get("start_time")),
                ("ends_at", data.get("end_time")),
            ):
                if time:
                    values[name] = timezone.make_aware(dt.datetime.combine(date, time), zone)
        elif date:
            values["starts_on"] = date
        return values


def validation_messages(error: ValidationError) -> list[str]:
    return [message for messages in _as_dict(error).values() for message in messages]


def _as_dict(error: ValidationError) -> dict:
    return error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
