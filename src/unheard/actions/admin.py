from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from unheard.actions import services
from unheard.actions.models import (
    Action,
    ActionReport,
    DayOfAction,
    DayStatement,
    Group,
    ReportPhoto,
    SignUp,
)
from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin
from unheard.core.images import image_clean


@admin.register(Action)
class ActionAdmin(ServiceWritesAdmin, PublishableAdminMixin, TranslationAdmin):
    create_service = staticmethod(services.action_create)
    update_service = staticmethod(services.action_update)
    record_argument = "action"
    list_display = ["title", "kind", "day", "city", "country", "status", "publication_state"]
    list_filter = ["publication_state", "status", "kind", "day"]
    search_fields = ["title", "description", "slug", "city"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["sources", "organisers", "people", "cases"]
    readonly_fields = [
        *PublishableAdminMixin.publication_readonly,
        "proposal_confirmed_at",
        "sign_up_counts",
    ]

    @admin.display(description=_("sign-ups (confirmed / waiting)"))
    def sign_up_counts(self, action: Action) -> str:
        confirmed = action.sign_ups.filter(status=SignUp.Status.CONFIRMED).count()
        waiting = action.sign_ups.filter(status=SignUp.Status.WAITING).count()
        return f"{confirmed} / {waiting}"


class StatementInline(admin.StackedInline):
    model = DayStatement
    extra = 0
    autocomplete_fields = ["sources"]


class MessageForm(forms.Form):
    subject = forms.CharField(label=_("Subject"), max_length=200)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea)


@admin.register(DayOfAction)
class DayOfActionAdmin(ServiceWritesAdmin, PublishableAdminMixin, TranslationAdmin):
    create_service = staticmethod(services.day_create)
    update_service = staticmethod(services.day_update)
    record_argument = "day"
    list_display = ["title", "starts_on", "ends_on", "publication_state"]
    list_filter = ["publication_state"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["sources", "groups"]
    readonly_fields = PublishableAdminMixin.publication_readonly

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("<int:pk>/message/", wrap(self.message_view), name="actions_dayofaction_message"),
            *super().get_urls(),
        ]

    def message_view(self, request, pk):
        """Write to every group of the day (through the outbox)."""
        if not request.user.has_perm("actions.change_dayofaction"):
            raise PermissionDenied
        day = get_object_or_404(DayOfAction, pk=pk)
        form = MessageForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                count = services.day_message_groups(
                    day=day, **form.cleaned_data, acting_user=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Groups written to: %(count)s.") % {"count": count})
                return HttpResponseRedirect(reverse("admin:actions_dayofaction_change", args=[pk]))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Message the groups of this day"),
            "form": form,
            "day": day,
            "groups": services.day_groups(day),
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "actions/admin/day_message.html", context)


@admin.register(Group)
class GroupAdmin(ServiceWritesAdmin, PublishableAdminMixin, TranslationAdmin):
    create_service = staticmethod(services.group_create)
    update_service = staticmethod(services.group_update)
    record_argument = "group"
    list_display = ["name", "kind", "city", "country", "publication_state"]
    list_filter = ["publication_state", "kind"]
    search_fields = ["name", "city"]
    prepopulated_fields = {"slug": ("name",)}
    readonly_fields = PublishableAdminMixin.publication_readonly


@admin.register(SignUp)
class SignUpAdmin(admin.ModelAdmin):
    """Organisers see who is coming; sign-ups change only through their links."""

    list_display = ["action", "name", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["action__title"]
    readonly_fields = [f.name for f in SignUp._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


class PhotoForm(forms.ModelForm):
    upload = forms.FileField(label=_("photo (JPEG or PNG)"))

    class Meta:
        model = ReportPhoto
        fields = ["report", "caption", "consent"]

    def clean_upload(self):
        return image_clean(self.cleaned_data["upload"])


def report_create(*, data, acting_user) -> ActionReport:
    return services.report_post(action=data["action"], data=data, acting_user=acting_user)


def report_update(*, report, data, acting_user) -> ActionReport:
    return services.report_post(action=report.action, data=data, acting_user=acting_user)


@admin.register(ActionReport)
class ActionReportAdmin(ServiceWritesAdmin, admin.ModelAdmin):
    create_service = staticmethod(report_create)
    update_service = staticmethod(report_update)
    record_argument = "report"
    list_display = ["action", "attendance", "is_public"]
    autocomplete_fields = ["action"]


@admin.register(ReportPhoto)
class ReportPhotoAdmin(admin.ModelAdmin):
    """Photos are re-encoded from their pixels on upload: no EXIF, no GPS position survives."""

    form = PhotoForm
    list_display = ["caption", "report", "consent"]

    def get_form(self, request, obj=None, **kwargs):
        if obj is not None:
            kwargs["fields"] = ["caption", "consent"]
            return forms.modelform_factory(ReportPhoto, fields=["caption", "consent"])
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            original = ReportPhoto.objects.get(pk=obj.pk)
            data = {name: form.cleaned_data[name] for name in form.changed_data}
            services.photo_update(photo=original, data=data, acting_user=request.user)
            return
        photo = services.photo_add(
            report=form.cleaned_data["report"],
            image=form.cleaned_data["upload"],
            caption=form.cleaned_data["caption"],
            consent=form.cleaned_data["consent"],
            acting_user=request.user,
        )
        obj.pk = photo.pk
