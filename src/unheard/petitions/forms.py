from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from unheard.petitions.countries import country_choices


class SignatureForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    city = forms.CharField(label=_("City"), max_length=200, required=False)
    country = forms.ChoiceField(label=_("Country"))
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_(
            "We e-mail you a link: your signature counts once you open it. Never published."
        ),
    )
    show_publicly = forms.BooleanField(
        label=_("Show my name and city on this page"), required=False
    )

    def __init__(self, *args, language: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", "—"), *country_choices(language)]
