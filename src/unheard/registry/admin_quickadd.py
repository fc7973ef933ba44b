"""Quick add: a new detention (person, case, article, date, facility, source) on one page.

The commonest entry in the back office, written by `services.detention_add` as drafts; the
editor then completes the person on the usual form and submits it for review.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from unheard.core.dates import DatePrecision
from unheard.core.models import Source
from unheard.registry import admin_checking, services
from unheard.registry.models import Article, Case, Facility, Person

DATE_INPUT = forms.DateInput(attrs={"type": "date"})


class DetentionForm(forms.Form):
    surname = forms.CharField(label=_("Surname (original script)"), max_length=100)
    given_name = forms.CharField(label=_("Given name (original script)"), max_length=100)
    patronymic = forms.CharField(
        label=_("Patronymic (original script)"), max_length=100, required=False
    )
    display_name_en = forms.CharField(label=_("Name in English"), max_length=300)
    status = forms.ChoiceField(
        label=_("Current status"), choices=Person.Status.choices, initial=Person.Status.PRE_TRIAL
    )
    case = forms.ModelChoiceField(Case.objects.order_by("name"), label=_("Case"), required=False)
    new_case_name = forms.CharField(
        label=_("or a new case: its name in English"), max_length=300, required=False
    )
    article = forms.ModelChoiceField(
        Article.objects.select_related("code").order_by("code", "sort_key"), label=_("Article")
    )
    part = forms.CharField(label=_("Part"), max_length=10, required=False)
    detained_on = forms.DateField(label=_("Detained on"), widget=DATE_INPUT)
    detained_on_precision = forms.ChoiceField(
        label=_("known to the"), choices=DatePrecision.choices, initial=DatePrecision.DAY
    )
    facility = forms.ModelChoiceField(
        Facility.objects.order_by("name"), label=_("Held in"), required=False
    )
    source = forms.ModelChoiceField(
        Source.objects.all(), label=_("Source of these facts"), required=False
    )
    new_source_title = forms.CharField(
        label=_("or a new source: title"), max_length=500, required=False
    )
    new_source_url = forms.URLField(
        label=_("new source: web address"), max_length=1000, required=False, assume_scheme="https"
    )

    SECTIONS = (
        (_("Person"), ("surname", "given_name", "patronymic", "display_name_en", "status")),
        (_("Case and charge"), ("case", "new_case_name", "article", "part")),
        (_("Detention"), ("detained_on", "detained_on_precision", "facility")),
        (_("Source"), ("source", "new_source_title", "new_source_url")),
    )

    def sections(self):
        return [(legend, [self[name] for name in names]) for legend, names in self.SECTIONS]

    def clean(self):
        data = super().clean()
        if not data.get("case") and not data.get("new_case_name"):
            self.add_error("case", _("Pick the case or name a new one."))
        if not data.get("source") and not data.get("new_source_title"):
            self.add_error("source", _("Pick the source or give the title of a new one."))
        return data

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        new_case = None if data["case"] else {"name_en": data["new_case_name"]}
        new_source = None
        if not data["source"]:
            new_source = admin_checking.new_source(data["new_source_title"], data["new_source_url"])
        return {
            "person": {
                name: data[name]
                for name in ("surname", "given_name", "patronymic", "display_name_en", "status")
            },
            "case": data["case"],
            "new_case": new_case,
            "charge": {"article": data["article"], "part": data["part"]},
            "detention": {
                "date": data["detained_on"],
                "date_precision": data["detained_on_precision"],
                "facility": data["facility"],
            },
            "source": data["source"],
            "new_source": new_source,
        }


class QuickAddAdminMixin:
    """Adds the quick-add page to the person admin: admin:registry_person_quick_add."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.quick_add_view)
        return [path("quick-add/", view, name="registry_person_quick_add"), *super().get_urls()]

    def quick_add_view(self, request):
        if not request.user.has_perm("registry.add_person"):
            raise PermissionDenied
        form = DetentionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                person = services.detention_add(
                    **form.service_arguments(), acting_user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                self.message_user(
                    request,
                    _("“%(person)s” was added as a draft with the case, charge and detention.")
                    % {"person": person},
                    messages.SUCCESS,
                )
                url = reverse("admin:registry_person_change", args=[person.pk])
                return HttpResponseRedirect(url)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Quick add: a new detention"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/registry/quick_add.html", context)
