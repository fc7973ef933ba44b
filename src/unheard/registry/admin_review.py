"""The back office's side of review (`unheard.registry.review`): the edit page keeps changes to
published records for review and shows them; the review queue with its diffs; approve, return
and submit buttons; history with what changed; a revert that asks first.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from reversion.models import Version

from unheard.core.admin import ReadOnlyAdminMixin, form_values
from unheard.core.models import PublicationState
from unheard.core.publication import publish_permission
from unheard.core.review_queue import ReviewGroup, ReviewItem
from unheard.registry import review, services
from unheard.registry.review_models import ReviewUnit


def change_url(record) -> str:
    meta = record._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[record.pk])


def _error_text(error: Exception) -> str:
    return " ".join(getattr(error, "messages", [str(error)]))


class ReviewedChangesAdmin:
    """Mixed into the registry's admins: a change to a published record goes to its review unit.

    Inline facts are written through `fact_change` and `fact_delete`, which a formset calls.
    """

    change_form_template = "admin/registry/review/change_form.html"
    object_history_template = "admin/registry/review/object_history.html"

    # Writes ---------------------------------------------------------------------------------

    @admin.action(description=gettext_lazy("Approve and publish"), permissions=["publish"])
    def publish(self, request, queryset):
        """Records whose person has a review unit waiting are approved with the unit, in the
        review queue: publishing one of its facts from a list would skip the unit's changes."""
        waiting = [record for record in queryset if review.unit_open(record) is not None]
        for record in waiting:
            self.message_user(
                request,
                _("%(record)s: its changes wait in the review queue; approve them there.")
                % {"record": record},
                messages.ERROR,
            )
        super().publish(request, queryset.exclude(pk__in=[record.pk for record in waiting]))

    def save_model(self, request, obj, form, change):
        if change and review.is_reviewed(obj):
            data = form_values(form, form.changed_data)
            if data:
                review.change_propose(record=obj, data=data, acting_user=request.user)
            return
        super().save_model(request, obj, form, change)

    def fact_change(self, request, fact, data) -> None:
        if review.is_reviewed(fact):
            review.change_propose(record=fact, data=data, acting_user=request.user)
        else:
            services.fact_update(fact=fact, data=data, acting_user=request.user)

    def fact_add_proposed(self, request, model, data) -> bool:
        """Keep a new alias or case link of a published person for review; False when it is
        not reviewed (the caller adds it)."""
        if not review.addition_is_reviewed(model, data):
            return False
        data = dict(data)
        review.addition_propose(
            model=model, person=data.pop("person"), data=data, acting_user=request.user
        )
        return True

    def fact_keep(self, request, fact) -> None:
        """The editor unticked "delete" on a fact whose deletion waits for review."""
        if review.is_reviewed(fact):
            review.deletion_withdraw(record=fact, acting_user=request.user)

    def fact_delete(self, request, fact) -> None:
        if review.is_reviewed(fact):
            review.deletion_propose(record=fact, acting_user=request.user)
        else:
            services.record_delete(record=fact, acting_user=request.user)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if form.instance.pk is not None:
            review.unit_touch(record=form.instance, acting_user=request.user)

    def response_change(self, request, obj):
        """Changes kept for review: one message, and the editor stays on the page whose banner
        offers "Submit for review" (Django's "changed successfully" would contradict it)."""
        unit = review.unit_open(obj)
        elsewhere = {"_popup", "_addanother", "_saveasnew"} & set(request.POST)
        if unit is None or unit.state != ReviewUnit.State.DRAFT or elsewhere:
            return super().response_change(request, obj)
        messages.info(
            request,
            _(
                "Your changes are kept for review: the public still sees the published "
                "version. Submit them for review when they are ready."
            ),
        )
        return HttpResponseRedirect(request.path)

    # The edit page shows the proposed values and the unit's buttons -------------------------------

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and review.is_reviewed(obj):
            obj.review_proposals = review.unit_proposals(obj)
            key = (obj._meta.label_lower, obj.pk)
            for name, value in obj.review_proposals.values.get(key, {}).items():
                field = obj._meta.get_field(name)
                if not field.many_to_many:
                    setattr(obj, name, value)
        return obj

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        proposals = getattr(obj, "review_proposals", None)
        if proposals is None:
            return form
        return type(form.__name__, (ProposedInitial, form), {"review_proposals": proposals})

    def get_formsets_with_inlines(self, request, obj=None):
        proposals = getattr(obj, "review_proposals", None)
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            if proposals is not None:
                formset = type(
                    formset.__name__, (ProposedRows, formset), {"review_proposals": proposals}
                )
            yield formset, inline

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            context.update(review_context(request, obj))
        return super().render_change_form(request, context, add, change, form_url, obj)

    # History and revert -----------------------------------------------------------------------

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        extra = {**(extra_context or {}), "review_unit": obj and review.unit_open(obj)}
        response = super().history_view(request, object_id, extra)
        versions = list(
            Version.objects.get_for_object_reference(self.model, unquote(object_id)).order_by(
                "revision__date_created", "pk"
            )
        )
        changes, older = {}, None
        for version in versions:
            changes[version.revision_id] = (
                review.version_changes(self.model, older.field_dict, version.field_dict)
                if older is not None
                else None
            )
            older = version
        for action in response.context_data.get("action_list", []):
            action["changes"] = changes.get(action["revision"].pk)
            action["first"] = action["changes"] is None
        return response

    def revision_view(self, request, object_id, version_id, extra_context=None):
        record = get_object_or_404(self.model, pk=unquote(object_id))
        meta = self.model._meta
        may_set_every_field = request.user.has_perm(f"{meta.app_label}.add_{meta.model_name}")
        if not (self.has_change_permission(request, record) and may_set_every_field):
            raise PermissionDenied
        version = get_object_or_404(Version, pk=version_id, object_id=unquote(object_id))
        if request.method == "POST":
            return self._revert(request, record, version)
        will_review = review.is_reviewed(record)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": record,
            "title": _("Revert %(record)s?") % {"record": record},
            "version": version,
            "rows": review.revert_preview(record, version),
            "is_published": getattr(record, "publication_state", "") == PublicationState.PUBLISHED,
            "publication_state": getattr(record, "get_publication_state_display", str)(),
            "will_review": will_review,
            "history_url": reverse(
                f"admin:{record._meta.app_label}_{record._meta.model_name}_history",
                args=[record.pk],
            ),
        }
        return TemplateResponse(request, "admin/registry/review/revert.html", context)

    def _revert(self, request, record, version):
        try:
            unit = review.revert_propose(record=record, version=version, acting_user=request.user)
        except ValidationError as error:
            messages.error(request, _error_text(error))
            return HttpResponseRedirect(request.path)
        if unit is None:
            messages.success(request, _("Reverted to the version of %(date)s.") % _when(version))
        else:
            messages.success(
                request,
                _(
                    "The revert to the version of %(date)s waits for review; the public sees the "
                    "published version until a second editor approves it."
                )
                % _when(version),
            )
        return HttpResponseRedirect(change_url(record))


def _show_proposed(form, proposals: review.Proposals) -> None:
    """Start a form from the values its record's open unit proposes instead of the live ones."""
    instance = form.instance
    if instance.pk is None:
        return
    key = (instance._meta.label_lower, instance.pk)
    for name, value in proposals.values.get(key, {}).items():
        # A file stays as the instance holds it (the widget shows the stored file).
        if name in form.fields and not isinstance(form.fields[name], forms.FileField):
            form.initial[name] = value
    if key in proposals.deletions and "DELETE" in form.fields:
        form.initial["DELETE"] = True


class ProposedInitial:
    """A record's form showing what its open review unit proposes (related records included)."""

    review_proposals: review.Proposals

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _show_proposed(self, self.review_proposals)


class ProposedRows:
    """An inline formset whose rows show the values (and deletions) the open unit proposes."""

    review_proposals: review.Proposals

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        _show_proposed(form, self.review_proposals)
        return form


def _when(version) -> dict:
    from django.utils import formats, timezone

    created = timezone.localtime(version.revision.date_created)
    return {"date": formats.date_format(created, "DATETIME_FORMAT")}


def review_context(request, record) -> dict:
    """What the edit page and the history say about a record's changes waiting for review."""
    unit = review.unit_open(record)
    if unit is None:
        return {}
    root = unit.record
    meta = root._meta
    user = request.user
    made_by = _made_by(unit)
    return {
        "review_unit": unit,
        "review_additions": review.unit_proposals(record).additions,
        "review_url": reverse("admin:registry_reviewunit_change", args=[unit.pk]),
        "review_can_submit": unit.state == ReviewUnit.State.DRAFT
        and user.has_perm(f"{meta.app_label}.change_{meta.model_name}"),
        "review_can_decide": unit.state == ReviewUnit.State.IN_REVIEW
        and user.has_perm(publish_permission(root))
        and user.pk not in made_by,
        "review_next": request.get_full_path(),
    }


def units_waiting(user) -> list[ReviewGroup]:
    """The review queue's group of changes to published records (`core.review_queue`)."""
    if not user.has_perm("registry.view_person"):
        return []
    items = []
    for unit in review.units_in_review():
        root = unit.record
        if root is None:
            continue
        decides = user.has_perm(publish_permission(root)) and user.pk not in _made_by(unit)
        items.append(
            ReviewItem(
                record=unit.record_repr,
                submitted_by=unit.submitted_by.get_username() if unit.submitted_by else "",
                submitted_at=unit.submitted_at,
                url=reverse("admin:registry_reviewunit_change", args=[unit.pk]),
                may_decide=decides,
                approve_url=_unit_url("approve", unit) if decides else "",
                return_url=_unit_url("return", unit) if decides else "",
                return_needs_comment=True,
            )
        )
    return [ReviewGroup(str(_("Changes to published records")), items, _unit_url("", None))]


def _made_by(unit: ReviewUnit) -> set:
    return {unit.submitted_by_id, *unit.authors.values_list("pk", flat=True)}


def _unit_url(step: str, unit: ReviewUnit | None) -> str:
    if unit is None:
        return reverse("admin:registry_reviewunit_changelist")
    return reverse(f"admin:registry_reviewunit_{step}", args=[unit.pk])


@admin.register(ReviewUnit)
class ReviewUnitAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """The queue of changes to published records, and one change with its diff."""

    def has_module_permission(self, request) -> bool:
        return request.user.is_active and request.user.has_perm("registry.view_person")

    def has_view_permission(self, request, obj=None) -> bool:
        return self.has_module_permission(request)

    def get_urls(self):
        def wrap(view):
            return self.admin_site.admin_view(view)

        return [
            path("<int:pk>/submit/", wrap(self.submit_view), name="registry_reviewunit_submit"),
            path("<int:pk>/approve/", wrap(self.approve_view), name="registry_reviewunit_approve"),
            path("<int:pk>/return/", wrap(self.return_view), name="registry_reviewunit_return"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        for notice in review.units_orphaned_discard(acting_user=request.user):
            messages.warning(request, notice)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Changes to published records"),
            "in_review": [self._shown(request, unit) for unit in review.units_in_review()],
            "returned": [self._shown(request, u) for u in review.units_returned_to(request.user)],
            "being_edited": [self._shown(request, unit) for unit in review.units_being_edited()],
        }
        return TemplateResponse(request, "admin/registry/review/queue.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        unit = get_object_or_404(ReviewUnit, pk=unquote(object_id))
        if unit.state in ReviewUnit.OPEN and unit.record is None:
            for notice in review.units_orphaned_discard(acting_user=request.user):
                messages.warning(request, notice)
            return HttpResponseRedirect(reverse("admin:registry_reviewunit_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("Changes to %(record)s") % {"record": unit.record_repr},
            "item": self._shown(request, unit),
        }
        return TemplateResponse(request, "admin/registry/review/unit.html", context)

    def _shown(self, request, unit: ReviewUnit) -> dict:
        record = unit.record
        shown = {
            "unit": unit,
            "diff": review.unit_diff(unit) if record is not None else [],
            "record": record,
            "edit_url": change_url(record) if record is not None else "",
            "url": reverse("admin:registry_reviewunit_change", args=[unit.pk]),
            "authors": ", ".join(u.get_username() for u in unit.authors.all()),
        }
        if record is not None:
            shown.update(review_context(request, record))
        return shown

    # Decisions ------------------------------------------------------------------------------

    def _decide(self, request, pk, act, done):
        if request.method != "POST":
            raise PermissionDenied
        unit = get_object_or_404(ReviewUnit, pk=pk)
        try:
            notices = act(unit)
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, _error_text(error))
        else:
            unit.refresh_from_db()
            if unit.state != ReviewUnit.State.DISCARDED:
                messages.success(request, done % {"record": unit.record_repr})
            for notice in notices or ():
                messages.warning(request, notice)
        target = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = reverse("admin:registry_reviewunit_change", args=[unit.pk])
        return HttpResponseRedirect(target)

    def submit_view(self, request, pk):
        return self._decide(
            request,
            pk,
            lambda unit: review.unit_submit(unit=unit, acting_user=request.user) and [],
            _("The changes to %(record)s were submitted for review."),
        )

    def approve_view(self, request, pk):
        return self._decide(
            request,
            pk,
            lambda unit: review.unit_approve(unit=unit, acting_user=request.user),
            _("The changes to %(record)s were approved and published."),
        )

    def return_view(self, request, pk):
        comment = request.POST.get("comment", "")
        return self._decide(
            request,
            pk,
            lambda unit: (
                review.unit_return(unit=unit, acting_user=request.user, comment=comment) and []
            ),
            _("The changes to %(record)s were returned to their editors."),
        )
