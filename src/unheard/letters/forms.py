"""The public letter form and the author's revision form. Messages are whole translated sentences."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from unheard.core.images import image_clean
from unheard.letters.models import LETTER_LANGUAGES, LetterAttachment
from unheard.letters.services import text_normalise, text_problem

FORM_SALT = "unheard.letters.form"
FORM_MAX_AGE = 24 * 60 * 60


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleImageField(forms.FileField):
    widget = MultipleImageInput

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def form_token(person_id: int) -> str:
    return signing.TimestampSigner(salt=FORM_SALT).sign(str(person_id))


class LetterForm(forms.Form):
    author_name = forms.CharField(
        label=_("Your name or a pseudonym"),
        max_length=100,
        help_text=_("It is printed under your letter. A first name or a pseudonym is enough."),
    )
    author_email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_(
            "We send you a link to confirm the letter and tell you what happens to it. "
            "It is never published and never given to the prison."
        ),
    )
    language = forms.ChoiceField(label=_("Language of your letter"), choices=LETTER_LANGUAGES)
    text = forms.CharField(label=_("Your letter"), widget=forms.Textarea, required=False)
    attachments = MultipleImageField(
        label=_("Photos or postcards (optional)"),
        required=False,
        widget=MultipleImageInput(attrs={"accept": "image/jpeg,image/png"}),
    )
    attachment_kind = forms.ChoiceField(
        label=_("The pictures are"),
        choices=LetterAttachment.Kind.choices,
        initial=LetterAttachment.Kind.PHOTO,
        widget=forms.RadioSelect,
        required=False,
    )
    accept_rules = forms.BooleanField(
        label=_("I have read the rules above and my letter follows them."),
        error_messages={"required": _("Please read the rules and agree to them.")},
    )
    # A field people never see: software that fills every field gives itself away.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, person, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.rules = rules
        limit = settings.UNHEARD_LETTER_MAX_CHARS
        self.fields["text"].widget.attrs.update({"rows": 16, "maxlength": limit})
        self.fields["text"].help_text = _("At most %(limit)s characters.") % {"limit": limit}
        self.fields["attachments"].help_text = _(
            "JPEG or PNG, at most %(count)s pictures of %(size)s MB each. We remove the camera "
            "data (place, time) from every picture."
        ) % {
            "count": settings.UNHEARD_LETTER_MAX_ATTACHMENTS,
            "size": settings.UNHEARD_LETTER_ATTACHMENT_MAX_BYTES // (1024 * 1024),
        }
        if not (rules.photos_allowed or rules.postcards_allowed):
            del self.fields["attachments"]
            del self.fields["attachment_kind"]
        if not self.is_bound:
            self.initial["form_token"] = form_token(person.pk)

    def clean_form_token(self) -> str:
        value = self.cleaned_data.get("form_token", "")
        try:
            person_id = signing.TimestampSigner(salt=FORM_SALT).unsign(value, max_age=FORM_MAX_AGE)
        except signing.BadSignature:
            person_id = None
        if person_id != str(self.person.pk):
            raise ValidationError(
                _("The form was changed or is too old. Please reload the page and try again."),
                code="forged",
            )
        return value

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise ValidationError(
                _(
                    "This field must stay empty. If you are a person, please clear it and send again."
                ),
                code="honeypot",
            )
        return ""

    def clean_text(self) -> str:
        text = text_normalise(self.cleaned_data.get("text", ""))
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem, code="text")
        return text

    def clean(self):
        cleaned = super().clean()
        uploads = cleaned.get("attachments") or []
        kind = cleaned.get("attachment_kind") or LetterAttachment.Kind.PHOTO
        if uploads:
            if kind == LetterAttachment.Kind.PHOTO and not self.rules.photos_allowed:
                self.add_error("attachments", gettext("This facility does not accept photos."))
            elif kind == LetterAttachment.Kind.POSTCARD and not self.rules.postcards_allowed:
                self.add_error("attachments", gettext("This facility does not accept postcards."))
        if len(uploads) > settings.UNHEARD_LETTER_MAX_ATTACHMENTS:
            self.add_error(
                "attachments",
                gettext("You can attach at most %(count)s pictures.")
                % {"count": settings.UNHEARD_LETTER_MAX_ATTACHMENTS},
            )
            uploads = []
        images = []
        for upload in uploads:
            try:
                images.append(
                    (
                        kind,
                        image_clean(upload, max_bytes=settings.UNHEARD_LETTER_ATTACHMENT_MAX_BYTES),
                    )
                )
            except ValidationError as error:
                self.add_error("attachments", error)
        cleaned["images"] = images
        return cleaned


class RevisionForm(forms.Form):
    text = forms.CharField(label=_("Your letter"), widget=forms.Textarea, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs.update(
            {"rows": 16, "maxlength": settings.UNHEARD_LETTER_MAX_CHARS}
        )

    def clean_text(self) -> str:
        text = text_normalise(self.cleaned_data.get("text", ""))
        problem = text_problem(text)
        if problem:
            raise ValidationError(problem, code="text")
        return text
