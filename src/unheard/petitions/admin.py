from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin
from reversion.admin import VersionAdmin

from unheard.core.admin import PublishableAdminMixin, ServiceWritesAdmin, adopt, form_values
from unheard.core.output.csv import csv_response, write_table
from unheard.petitions import selectors, services
from unheard.petitions.models import Delivery, NotableSignatory, Petition, PetitionTarget, Signature


@admin.register(Petition)
class PetitionAdmin(ServiceWritesAdmin, PublishableAdminMixin, VersionAdmin, TranslationAdmin):
    create_service = staticmethod(services.petition_create)
    update_service = staticmethod(services.petition_update)
    record_argument = "petition"
    list_display = ["title", "kind", "status", "goal", "publication_state"]
    list_filter = ["kind", "status", "publication_state"]
    search_fields = ["title", "slug"]
    prepopulated_fields = {"slug": ("title_en",)}
    autocomplete_fields = ["sources"]
    readonly_fields = [*PublishableAdminMixin.publication_readonly, "signatures_file"]

    @admin.display(description=_("signatures"))
    def signatures_file(self, obj):
        if obj.pk is None:
            return "—"
        url = reverse("admin:petitions_petition_signatures", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the signatures (CSV)"))

    def get_urls(self):
        own = [
            path(
                "<int:petition_id>/signatures.csv",
                self.admin_site.admin_view(self.signatures_csv),
                name="petitions_petition_signatures",
            )
        ]
        return own + super().get_urls()

    def signatures_csv(self, request, petition_id):
        """The confirmed signatures for delivery: organisers only (they hold e-mail addresses)."""
        if not request.user.has_perm("petitions.export_signatures"):
            raise PermissionDenied
        petition = Petition.objects.get(pk=petition_id)
        rows = selectors.signatures_for_delivery(petition=petition)
        text = write_table(selectors.SIGNATURE_COLUMNS, rows)
        return csv_response(text, file_name=f"signatures-{petition.slug}.csv")


class PetitionFactAdmin(VersionAdmin, TranslationAdmin):
    """A target, notable signatory or delivery, added through its service."""

    add_service = None
    autocomplete_fields = ["petition"]

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        data = form_values(form, form.cleaned_data)
        petition = data.pop("petition")
        adopt(obj, self.add_service(petition=petition, data=data, acting_user=request.user))

    def save_related(self, request, form, formsets, change):
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(PetitionTarget)
class PetitionTargetAdmin(PetitionFactAdmin):
    add_service = staticmethod(services.target_add)
    list_display = ["name", "kind", "petition"]


@admin.register(NotableSignatory)
class NotableSignatoryAdmin(PetitionFactAdmin):
    add_service = staticmethod(services.notable_signatory_add)
    list_display = ["name", "description", "petition"]
    autocomplete_fields = ["petition", "sources"]


@admin.register(Delivery)
class DeliveryAdmin(PetitionFactAdmin):
    add_service = staticmethod(services.delivery_record)
    list_display = ["delivered_on", "recipient", "method", "petition"]
    autocomplete_fields = ["petition", "sources"]


@admin.register(Signature)
class SignatureAdmin(admin.ModelAdmin):
    """Signatures are given by their signers: the back office only reads them."""

    list_display = ["petition", "country", "is_confirmed", "confirmed_at"]
    list_filter = ["is_confirmed", "petition"]
    exclude = ["token_hash", "token_expires_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
