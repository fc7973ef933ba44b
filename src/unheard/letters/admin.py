"""The letters back office: the moderation queue, one page per letter (original and translation
side by side, decisions, delivery, history), batches with their PDFs, replies, rules, and the
letter-writing evening pack.

A moderator sees what moderation needs: the person, the text, the pictures, the author's name or
pseudonym and the letter's history. The author's e-mail and network address are shown only to
holders of `letters.view_author_contact`; e-mails to authors are sent by the system.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from unheard.letters import selectors, services
from unheard.letters.models import (
    DeliveryBatch,
    Letter,
    LetterAttachment,
    LetterRules,
    LetterTranslation,
    Reply,
)
from unheard.letters.workflow import TRANSITIONS, LetterStateError

S = Letter.Status


class StageFilter(admin.SimpleListFilter):
    title = gettext_lazy("stage")
    parameter_name = "stage"
    STAGES = {
        "queue": (gettext_lazy("waiting for moderation"), Letter.QUEUE_STATUSES),
        "author": (gettext_lazy("waiting for the author"), (S.SUBMITTED, S.EDIT_REQUESTED)),
        "to_send": (gettext_lazy("approved, to be sent"), (S.APPROVED,)),
        "sent": (gettext_lazy("sent"), Letter.SENT_STATUSES),
        "rejected": (gettext_lazy("rejected"), (S.REJECTED,)),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _statuses) in self.STAGES.items()]

    def queryset(self, request, queryset):
        if self.value() in self.STAGES:
            return queryset.filter(status__in=self.STAGES[self.value()][1])
        return queryset


class AgeFilter(admin.SimpleListFilter):
    """How long a letter has waited since its author wrote it."""

    title = gettext_lazy("age")
    parameter_name = "age"
    BANDS = {
        "1": (gettext_lazy("less than a day"), 0, 1),
        "3": (gettext_lazy("1 to 3 days"), 1, 3),
        "7": (gettext_lazy("3 to 7 days"), 3, 7),
        "old": (gettext_lazy("more than a week"), 7, None),
    }

    def lookups(self, request, model_admin):
        return [(key, label) for key, (label, _low, _high) in self.BANDS.items()]

    def queryset(self, request, queryset):
        if self.value() not in self.BANDS:
            return queryset
        _label, low, high = self.BANDS[self.value()]
        now = timezone.now()
        queryset = queryset.filter(created_at__lte=now - dt.timedelta(days=low))
        if high is not None:
            queryset = queryset.filter(created_at__gt=now - dt.timedelta(days=high))
        return queryset


class TranslationStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [
            ("needed", _("needed, not started")),
            *LetterTranslation.State.choices,
            ("none", _("not needed (Russian)")),
        ]

    def queryset(self, request, queryset):
        value = self.value()
        if value == "needed":
            return queryset.exclude(language="ru").filter(translation__isnull=True)
        if value == "none":
            return queryset.filter(language="ru")
        if value in LetterTranslation.State.values:
            return queryset.filter(translation__state=value)
        return queryset


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason (the author reads it)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        required=False,
    )


class TranslationForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Translation into Russian"),
        widget=forms.Textarea(attrs={"rows": 20, "lang": "ru"}),
        required=False,
    )


class ElectronicForm(forms.Form):
    service = forms.CharField(label=gettext_lazy("Service"), max_length=100, required=False)
    confirmation = forms.CharField(
        label=gettext_lazy("Confirmation number"), max_length=100, required=False
    )


@admin.register(Letter)
class LetterAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "person",
        "facility",
        "language",
        "status",
        "flagged",
        "translation_state",
        "created_at",
    ]
    list_filter = [
        StageFilter,
        "status",
        "language",
        AgeFilter,
        "flagged",
        TranslationStateFilter,
        ("person", admin.RelatedOnlyFieldListFilter),
        ("facility", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["person__surname", "person__display_name", "author_name", "text"]
    list_select_related = ["person", "facility", "translation"]
    date_hierarchy = "created_at"
    actions = ["approve_selected", "mark_delivered_selected"]
    change_list_template = "admin/letters/letter/change_list.html"

    # Letters come only from the public form and are never deleted once acknowledged.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("translation"))
    def translation_state(self, letter):
        if not letter.needs_translation:
            return "—"
        translation = getattr(letter, "translation", None)
        return translation.get_state_display() if translation else _("needed")

    def get_search_fields(self, request):
        fields = list(super().get_search_fields(request))
        if request.user.has_perm("letters.view_author_contact"):
            fields.append("author_email")
        return fields

    def get_urls(self):
        urls = [
            path(
                "<int:letter_id>/attachment/<int:attachment_id>/",
                self.admin_site.admin_view(self.attachment_view),
                name="letters_letter_attachment",
            ),
            path(
                "<int:letter_id>/pdf/",
                self.admin_site.admin_view(self.letter_pdf_view),
                name="letters_letter_pdf",
            ),
            path(
                "evening-pack/",
                self.admin_site.admin_view(self.evening_pack_view),
                name="letters_evening_pack",
            ),
        ]
        return urls + super().get_urls()

    # The page of one letter ------------------------------------------------------------------

    def change_view(self, request, object_id, form_url="", extra_context=None):
        letter = get_object_or_404(
            Letter.objects.select_related("person__current_facility", "facility", "moderator"),
            pk=object_id,
        )
        if not self.has_view_permission(request, letter):
            raise PermissionDenied
        if request.method == "POST":
            self._handle_post(request, letter)
            return HttpResponseRedirect(request.path)
        return self._render_letter(request, letter)

    def _render_letter(self, request, letter):
        user = request.user
        translation = LetterTranslation.objects.filter(letter=letter).first()
        translators = (
            get_user_model()
            .objects.filter(
                Q(is_superuser=True)
                | Q(groups__permissions__codename="translate_letter")
                | Q(user_permissions__codename="translate_letter"),
                is_active=True,
                is_staff=True,
            )
            .distinct()
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": str(letter),
            "letter": letter,
            "envelope": selectors.envelope_for(
                person=letter.person, facility=letter.facility or letter.person.current_facility
            ),
            "translation": translation,
            "translation_form": TranslationForm(
                initial={"text": translation.text if translation else ""}
            ),
            "decision_form": DecisionForm(),
            "electronic_form": ElectronicForm(
                initial={
                    "service": getattr(
                        letter.person.current_facility, "electronic_letters_service", ""
                    )
                }
            ),
            "history": letter.history.select_related("by"),
            "decisions": letter.decisions.select_related("by"),
            "notifications": letter.notifications.all(),
            "attachments": letter.attachments.all(),
            "replies": letter.replies.all(),
            "allowed": TRANSITIONS[letter.status],
            "can_moderate": user.has_perm("letters.moderate_letter"),
            "can_translate": user.has_perm("letters.translate_letter"),
            "can_deliver": user.has_perm("letters.deliver_letter"),
            "can_see_contact": user.has_perm("letters.view_author_contact"),
            "translators": translators,
            "S": S,
        }
        return TemplateResponse(request, "admin/letters/letter/moderate.html", context)

    def _handle_post(self, request, letter) -> None:
        action = request.POST.get("action", "")
        user = request.user
        reason = request.POST.get("reason", "")
        handlers = {
            "take": lambda: services.letter_take(letter=letter, acting_user=user),
            "approve": lambda: services.letter_approve(letter=letter, acting_user=user),
            "request_edit": lambda: services.letter_request_edit(
                letter=letter, acting_user=user, reason=reason
            ),
            "reject": lambda: services.letter_reject(
                letter=letter, acting_user=user, reason=reason
            ),
            "flag": lambda: services.letter_flag(letter=letter, acting_user=user, reason=reason),
            "unflag": lambda: services.letter_unflag(
                letter=letter, acting_user=user, reason=reason
            ),
            "assign": lambda: services.translation_assign(
                letter=letter,
                translator=get_object_or_404(
                    get_user_model(), pk=request.POST.get("translator") or 0
                ),
                acting_user=user,
            ),
            "translation_save": lambda: services.translation_save(
                letter=letter, text=request.POST.get("text", ""), acting_user=user
            ),
            "translation_review": lambda: self._save_and_review(request, letter),
            "sent_electronic": lambda: services.letter_mark_sent_electronically(
                letter=letter,
                acting_user=user,
                service=request.POST.get("service", ""),
                confirmation=request.POST.get("confirmation", ""),
            ),
            "delivered": lambda: services.letter_mark_delivered(letter=letter, acting_user=user),
            "returned": lambda: services.letter_mark_returned(
                letter=letter, acting_user=user, reason=reason
            ),
            "send_again": lambda: services.letter_send_again(letter=letter, acting_user=user),
        }
        handler = handlers.get(action)
        if handler is None:
            messages.error(request, _("Unknown action."))
            return
        try:
            handler()
        except (LetterStateError, ValidationError, PermissionDenied) as problem:
            text = "; ".join(problem.messages) if isinstance(problem, ValidationError) else problem
            messages.error(request, str(text))
        else:
            messages.success(request, _("Done."))

    def _save_and_review(self, request, letter):
        text = request.POST.get("text", "")
        if text.strip():
            services.translation_save(letter=letter, text=text, acting_user=request.user)
        return services.translation_review(letter=letter, acting_user=request.user)

    def attachment_view(self, request, letter_id, attachment_id):
        if not request.user.has_perm("letters.view_letter"):
            raise PermissionDenied
        attachment = get_object_or_404(LetterAttachment, pk=attachment_id, letter_id=letter_id)
        return FileResponse(attachment.image.open("rb"), content_type=attachment.content_type)

    def letter_pdf_view(self, request, letter_id):
        if not request.user.has_perm("letters.deliver_letter"):
            raise PermissionDenied
        from unheard.letters.pdf import letter_pdf

        letter = get_object_or_404(Letter.objects.select_related("person"), pk=letter_id)
        content, _pages = letter_pdf(letter=letter)
        response = HttpResponse(content, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="letter-{letter.pk}.pdf"'
        return response

    # Bulk actions ------------------------------------------------------------------------------

    def _bulk(self, request, queryset, service, **kwargs):
        done, problems = 0, []
        for letter in queryset:
            try:
                service(letter=letter, **kwargs)
                done += 1
            except (LetterStateError, PermissionDenied) as problem:
                problems.append(f"{letter.pk}: {problem}")
        if done:
            self.message_user(request, _("%(count)s letters changed.") % {"count": done})
        for problem in problems:
            self.message_user(request, problem, messages.ERROR)

    @admin.action(description=gettext_lazy("Approve the selected letters"))
    def approve_selected(self, request, queryset):
        self._bulk(request, queryset, services.letter_approve, acting_user=request.user)

    @admin.action(description=gettext_lazy("Mark the selected letters as delivered"))
    def mark_delivered_selected(self, request, queryset):
        self._bulk(request, queryset, services.letter_mark_delivered, acting_user=request.user)

    # The letter-writing evening pack -------------------------------------------------------------

    def evening_pack_view(self, request):
        if not request.user.has_perm("letters.prepare_evening_pack"):
            raise PermissionDenied
        from django.conf import settings

        if request.method == "POST":
            ids = [int(pk) for pk in request.POST.getlist("person") if pk.isdigit()]
            language = request.POST.get("language", "en")
            if language not in dict(settings.LANGUAGES):
                language = "en"
            people = list(selectors.writable_people().filter(pk__in=ids).order_by("surname"))
            if not people:
                messages.error(request, _("Choose at least one person."))
                return HttpResponseRedirect(request.path)
            from unheard.letters.pdf import evening_pack_pdf

            content, _pages = evening_pack_pdf(people=people, language=language)
            response = HttpResponse(content, content_type="application/pdf")
            response["Content-Disposition"] = 'attachment; filename="letter-evening.pdf"'
            return response
        candidates = selectors.evening_pack_candidates()
        groups = [
            ("birthdays", _("Birthdays in the next 30 days"), candidates["birthdays"]),
            ("transferred", _("Transferred recently"), candidates["transferred"]),
            ("punishment_cell", _("In a punishment cell"), candidates["punishment_cell"]),
            ("fewest_letters", _("Fewest letters"), candidates["fewest_letters"]),
        ]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Letter-writing evening pack"),
            "groups": groups,
            "languages": settings.LANGUAGES,
        }
        return TemplateResponse(request, "admin/letters/evening_pack.html", context)


@admin.register(DeliveryBatch)
class DeliveryBatchAdmin(admin.ModelAdmin):
    list_display = ["id", "facility", "state", "letter_count", "pdf_link", "created_at", "sent_at"]
    list_filter = ["state", ("facility", admin.RelatedOnlyFieldListFilter)]
    readonly_fields = [
        "facility",
        "state",
        "pdf_link",
        "pdf_pages",
        "error",
        "created_by",
        "created_at",
        "sent_at",
        "sent_by",
        "letter_list",
    ]
    exclude = ["pdf"]
    actions = ["mark_sent"]
    change_list_template = "admin/letters/deliverybatch/change_list.html"

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=gettext_lazy("letters"))
    def letter_count(self, batch):
        return batch.letters.count()

    @admin.display(description=gettext_lazy("PDF"))
    def pdf_link(self, batch):
        if not batch.pdf:
            return batch.get_state_display()
        url = reverse("admin:letters_deliverybatch_pdf", args=[batch.pk])
        return format_html('<a href="{}">{}</a>', url, _("Download the PDF"))

    @admin.display(description=gettext_lazy("letters in the batch"))
    def letter_list(self, batch):
        rows = [
            format_html(
                '<li><a href="{}">{}</a> — {}</li>',
                reverse("admin:letters_letter_change", args=[letter.pk]),
                letter,
                letter.get_status_display(),
            )
            for letter in batch.letters.select_related("person")
        ]
        return format_html("<ul>{}</ul>", format_html("".join(rows))) if rows else "—"

    def get_urls(self):
        return [
            path(
                "prepare/",
                self.admin_site.admin_view(self.prepare_view),
                name="letters_deliverybatch_prepare",
            ),
            path(
                "<int:batch_id>/pdf/",
                self.admin_site.admin_view(self.pdf_view),
                name="letters_deliverybatch_pdf",
            ),
        ] + super().get_urls()

    def prepare_view(self, request):
        if not request.user.has_perm("letters.deliver_letter"):
            raise PermissionDenied
        if request.method == "POST":
            from unheard.registry.models import Facility

            facility = get_object_or_404(Facility, pk=request.POST.get("facility") or 0)
            try:
                batch = services.batch_create(facility=facility, acting_user=request.user)
            except LetterStateError as problem:
                messages.error(request, str(problem))
                return HttpResponseRedirect(request.path)
            messages.success(
                request,
                _("Batch %(number)s is being prepared; its PDF appears here when ready.")
                % {"number": batch.pk},
            )
            return HttpResponseRedirect(
                reverse("admin:letters_deliverybatch_change", args=[batch.pk])
            )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Prepare delivery batches"),
            "facilities": selectors.facilities_with_letters_ready(),
        }
        return TemplateResponse(request, "admin/letters/deliverybatch/prepare.html", context)

    def pdf_view(self, request, batch_id):
        if not request.user.has_perm("letters.view_deliverybatch"):
            raise PermissionDenied
        batch = get_object_or_404(DeliveryBatch, pk=batch_id)
        if not batch.pdf:
            raise Http404(_("The PDF is not ready yet."))
        return FileResponse(
            batch.pdf.open("rb"),
            as_attachment=True,
            filename=f"letters-batch-{batch.pk}.pdf",
            content_type="application/pdf",
        )

    @admin.action(description=gettext_lazy("Mark the selected batches as sent by post"))
    def mark_sent(self, request, queryset):
        for batch in queryset:
            try:
                services.batch_mark_sent(batch=batch, acting_user=request.user)
            except (LetterStateError, PermissionDenied) as problem:
                self.message_user(request, f"{batch}: {problem}", messages.ERROR)
            else:
                self.message_user(request, _("%(batch)s marked as sent.") % {"batch": batch})


class ReplyForm(forms.ModelForm):
    class Meta:
        model = Reply
        fields = [
            "person",
            "letter",
            "received_on",
            "scan",
            "transcription",
            "excerpt",
            "publication_consent",
            "consent_note",
        ]


@admin.register(Reply)
class ReplyAdmin(admin.ModelAdmin):
    form = ReplyForm
    list_display = ["person", "letter", "received_on", "publication_consent", "recorded_by"]
    list_filter = ["publication_consent", ("person", admin.RelatedOnlyFieldListFilter)]
    autocomplete_fields = ["person", "letter"]
    search_fields = ["person__surname", "person__display_name", "transcription"]
    readonly_fields = ["recorded_by"]

    def has_add_permission(self, request):
        return request.user.has_perm("letters.deliver_letter") or super().has_add_permission(
            request
        )

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = form.cleaned_data
        reply = services.reply_record(
            person=data["person"],
            letter=data.get("letter"),
            acting_user=request.user,
            received_on=data.get("received_on"),
            scan=data.get("scan"),
            transcription=data.get("transcription", ""),
            excerpt=data.get("excerpt", ""),
            publication_consent=data.get("publication_consent", False),
            consent_note=data.get("consent_note", ""),
        )
        obj.pk = reply.pk
        obj.recorded_by = reply.recorded_by


@admin.register(LetterRules)
class LetterRulesAdmin(TranslationAdmin):
    list_display = ["__str__", "photos_allowed", "postcards_allowed", "updated_at", "updated_by"]
    autocomplete_fields = ["facility"]
    readonly_fields = ["updated_by"]
    change_list_template = "admin/letters/letterrules/change_list.html"

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
