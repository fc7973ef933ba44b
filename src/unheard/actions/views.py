"""Public pages of the actions app. Views parse the request, call one selector or service and
render; nothing here reads a sign-up's name or e-mail, or a group's private contacts."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from unheard.actions import selectors, services
from unheard.actions.forms import ProposalForm, SignUpForm, validation_messages
from unheard.actions.ics import action_event, calendar_of
from unheard.actions.links import LinkError, Purpose, pk_from
from unheard.actions.models import Action, DayOfAction, Group, SignUp
from unheard.core.http import client_ip
from unheard.core.media import media_name, media_response
from unheard.core.output.maps import choropleth, world_countries


def _language() -> str:
    return (get_language() or "en").split("-")[0]


def _action(slug: str) -> Action:
    try:
        return selectors.action_public(slug=slug)
    except Action.DoesNotExist as missing:
        raise Http404 from missing


def action_list(request):
    filters, bad = selectors.ActionFilters.parse(request.GET)
    upcoming, yearly, past = selectors.actions_upcoming_first(selectors.actions_filtered(filters))
    countries, cities = selectors.places_to_filter(selectors.actions_public())
    asked = filters.city
    if asked and asked.casefold() not in {key.casefold() for key, _name in cities}:
        cities.append((asked, asked))  # a city asked for but without actions stays chosen
    context = {
        "upcoming": upcoming,
        "yearly": yearly,
        "past": past,
        "filters": filters,
        "bad_filters": bad,
        "kinds": Action.Kind.choices,
        "countries": countries,
        "cities": cities,
        "days": selectors.days_public(),
    }
    return render(request, "actions/action_list.html", context, status=400 if bad else 200)


def _action_context(action: Action) -> dict:
    report = selectors.report_public(action)
    return {
        "action": action,
        "people": selectors.action_people(action),
        "cases": selectors.action_cases(action),
        "places": selectors.places_of(action),
        "joinable": selectors.action_joinable(action),
        "report": report,
        "photos": selectors.report_photos(report) if report else [],
    }


@never_cache
@require_http_methods(["GET", "POST"])
def action_detail(request, slug):
    action = _action(slug)
    form = SignUpForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.sign_up_submit(
                    action=action,
                    name=form.cleaned_data["name"],
                    email=form.cleaned_data["email"],
                    language=_language(),
                    ip=client_ip(request),
                )
            except ValidationError as error:
                for message in validation_messages(error):
                    form.add_error(None, message)
                status = 429 if getattr(error, "code", "") == "rate_limited" else 400
            else:
                return redirect("actions:signed_up", slug=action.slug)
    context = {**_action_context(action), "form": form}
    return render(request, "actions/action_detail.html", context, status=status)


def signed_up(request, slug):
    return render(request, "actions/signed_up.html", {"action": _action(slug)})


def action_ics(request, slug):
    action = _action(slug)
    response = HttpResponse(
        calendar_of([action_event(action)]), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{action.slug}.ics"'
    return response


def _link_problem(request, problem: LinkError):
    return render(request, "actions/link_problem.html", {"problem": problem}, status=404)


def _from_link(token: str, purpose: str, queryset):
    """The record a link names, or LinkError (also for a record deleted since)."""
    try:
        return queryset.get(pk=pk_from(token, purpose))
    except queryset.model.DoesNotExist:
        raise LinkError(_invalid()) from None


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up_confirm(request, token):
    try:
        sign_up = _from_link(
            token, Purpose.CONFIRM_SIGN_UP, SignUp.objects.select_related("action")
        )
    except LinkError as problem:
        return _link_problem(request, problem)
    if request.method == "POST":
        sign_up = services.sign_up_confirm(sign_up_id=sign_up.pk)
        return render(
            request,
            "actions/sign_up_confirmed.html",
            {"sign_up": sign_up, "action": sign_up.action},
        )
    return render(
        request, "actions/sign_up_confirm.html", {"action": sign_up.action, "purpose": "confirm"}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def sign_up_cancel(request, token):
    try:
        sign_up = _from_link(token, Purpose.CANCEL_SIGN_UP, SignUp.objects.select_related("action"))
    except LinkError as problem:
        return _link_problem(request, problem)
    if request.method == "POST":
        services.sign_up_cancel(sign_up_id=sign_up.pk)
        return render(request, "actions/sign_up_cancelled.html", {"action": sign_up.action})
    return render(
        request, "actions/sign_up_confirm.html", {"action": sign_up.action, "purpose": "cancel"}
    )


def _invalid():
    return gettext(
        "This link is not valid. Please copy the whole link from the e-mail we sent you."
    )


# Days of action ----------------------------------------------------------------------------


def day_list(request):
    return render(request, "actions/day_list.html", {"days": selectors.days_public()})


def day_detail(request, slug):
    try:
        day = selectors.day_public(slug=slug)
    except DayOfAction.DoesNotExist as missing:
        raise Http404 from missing
    overview = selectors.day_overview(day)
    context = {
        "day": day,
        "overview": overview,
        "statements": selectors.day_statements(day),
        "reports": selectors.day_reports(day),
        "groups": selectors.day_groups_public(day),
        "map": day_map(overview),
    }
    return render(request, "actions/day_detail.html", context)


def day_map(overview: selectors.DayOverview):
    """The countries with actions of the day, coloured by how many (the table lists them)."""
    if not overview.countries:
        return None
    values = {
        country.code: sum(len(actions) for actions in country.cities.values())
        + len(country.without_city)
        for country in overview.countries
    }
    return choropleth(
        world_countries(),
        values,
        title=gettext("Actions of this day by country"),
        legend=gettext("Actions"),
        area_label=gettext("Country"),
        map_id="day-map",
        other_names={country.code: country.name for country in overview.countries},
    )


# Groups and proposals ----------------------------------------------------------------------


def group_list(request):
    return render(request, "actions/group_list.html", {"groups": selectors.groups_public()})


def group_detail(request, slug):
    try:
        group = selectors.group_public(slug=slug)
    except Group.DoesNotExist as missing:
        raise Http404 from missing
    context = {
        "group": group,
        "actions": selectors.group_actions(group),
        "days": selectors.group_days(group),
    }
    return render(request, "actions/group_detail.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request):
    days = selectors.days_public()
    form = ProposalForm(request.POST or None, days=days, initial={"day": request.GET.get("day")})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.proposal_submit(
                    data=form.action_data(),
                    proposer_name=form.cleaned_data["proposer_name"],
                    proposer_email=form.cleaned_data["proposer_email"],
                    language=_language(),
                    ip=client_ip(request),
                )
            except ValidationError as error:
                _errors_to_form(form, error)
                status = 429 if getattr(error, "code", "") == "rate_limited" else 400
            else:
                return redirect("actions:proposed")
    return render(request, "actions/propose.html", {"form": form}, status=status)


def _errors_to_form(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def proposed(request):
    return render(request, "actions/proposed.html")


@never_cache
@require_http_methods(["GET", "POST"])
def proposal_confirm(request, token):
    try:
        action = _from_link(token, Purpose.CONFIRM_PROPOSAL, Action.objects.all())
    except LinkError as problem:
        return _link_problem(request, problem)
    if request.method == "POST":
        services.proposal_confirm(action_id=action.pk)
        return render(request, "actions/proposal_confirmed.html")
    return render(request, "actions/proposal_confirm.html")


def report_photo(request, name):
    """A report's photo at /media/actions/reports/<name>, only while the public may see it."""
    image = selectors.report_photo_public(name=media_name("actions/reports", name))
    if image is None:
        raise Http404
    return media_response(image)
