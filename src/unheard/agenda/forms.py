from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unheard.agenda.models import ReminderSubscription


class ReminderForm(forms.Form):
    kind = forms.ChoiceField(label=_("Remind me of"), required=False)
    email = forms.EmailField(label=_("E-mail"), help_text=_("Never published."))
    days_before = forms.TypedChoiceField(
        label=_("How long before"),
        coerce=int,
        initial=7,
        choices=[(1, _("1 day")), (3, _("3 days")), (7, _("a week")), (14, _("two weeks"))],
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        """`kinds`: the kinds of a person's dates on offer (none for an action)."""
        super().__init__(*args, **kwargs)
        labels = dict(ReminderSubscription.Kind.choices)
        if kinds:
            self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
            self.fields["kind"].initial = kinds[0]
        else:
            del self.fields["kind"]

    def clean_kind(self) -> str:
        return self.cleaned_data["kind"] or ReminderSubscription.Kind.BIRTHDAY
