from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class ReminderForm(forms.Form):
    email = forms.EmailField(label=_("E-mail"), help_text=_("Never published."))
    days_before = forms.TypedChoiceField(
        label=_("How long before"),
        coerce=int,
        initial=7,
        choices=[(1, _("1 day")), (3, _("3 days")), (7, _("a week")), (14, _("two weeks"))],
    )
