"""The calendar page, its iCalendar feeds and the reminder forms. Views parse, read, render."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from unheard.actions.models import Action
from unheard.agenda import services, sources
from unheard.agenda.feeds import ics_response
from unheard.agenda.forms import ReminderForm
from unheard.core import batch
from unheard.core.http import client_ip
from unheard.registry.models import Person

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def _month(value: str | None, today: dt.date) -> dt.date | None:
    """The first day of the month `?month=YYYY-MM` names (today's without it); None if bad."""
    if not value:
        return today.replace(day=1)
    match = MONTH.match(value)
    if not match or not 1 <= int(match[2]) <= 12 or not 1900 <= int(match[1]) <= 2200:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def _shift(month: dt.date, months: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def month_page(request):
    today = timezone.localdate()
    first = _month(request.GET.get("month"), today)
    status = 200
    notice = ""
    if first is None:
        first, status = today.replace(day=1), 400
        notice = _("Give the month as YYYY-MM, e.g. 2026-12. Here is this month.")
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    days: dict[dt.date, list] = {}
    for day, entry in sources.entries_between(sources.calendar_entries(today=today), first, last):
        days.setdefault(day, []).append(entry)
    context = {
        "month": first,
        "days": sorted(days.items()),
        "previous": _shift(first, -1),
        "next": _shift(first, 1),
        "notice": notice,
    }
    return render(request, "agenda/month.html", context, status=status)


def _feed_name(detail: str = "") -> str:
    name = _("Calendar of solidarity")
    return f"{name}: {detail}" if detail else name


def site_feed(request):
    entries = sources.calendar_entries(today=timezone.localdate())
    return ics_response(entries, name=_feed_name(), file_name="calendar.ics")


def _person(slug: str) -> Person:
    person = batch.per_slug("agenda.person", slug, _people)
    if person is None:
        raise Http404
    return person


def _people(slugs) -> dict[str, Person]:
    people = sources.public_people().filter(slug__in=list(slugs))
    return {person.slug: person for person in people}


def person_feed(request, slug):
    person = _person(slug)
    entries = sources.person_entries(person, today=timezone.localdate())
    return ics_response(entries, name=_feed_name(str(person)), file_name=f"{slug}.ics")


def group_feed(request, slug):
    entries = [e for e in sources.action_entries(today=timezone.localdate()) if slug in e.groups]
    return ics_response(entries, name=_feed_name(slug), file_name=f"{slug}.ics")


def city_feed(request, city):
    """The actions in one city, named by its key (the same address in every language); the
    feed's name and each event's location are in the language of the address."""
    wanted = city.casefold()
    entries, name = [], city
    for entry in sources.action_entries(today=timezone.localdate()):
        for key, city_name in zip(entry.cities, entry.city_names, strict=True):
            if key.casefold() == wanted:
                entries.append(entry)
                name = city_name
                break
    return ics_response(entries, name=_feed_name(name), file_name="city.ics")


def _language() -> str:
    return (get_language() or "en")[:2]


@never_cache
@require_http_methods(["GET", "POST"])
def reminder_form(request, slug):
    """Ask for reminders of one kind of a person's dates (the kinds the calendar has for them)."""
    person = _person(slug)
    kinds = services.kinds_followable(person, today=timezone.localdate())
    form = ReminderForm(request.POST or None, kinds=kinds)
    if request.method == "POST" and _subscribed(request, form, person=person):
        return redirect("agenda:reminder_asked", slug=person.slug)
    context = {"person": person, "form": form, "known": bool(kinds)}
    status = 400 if request.method == "POST" else 200
    return render(request, "agenda/reminder_form.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def action_reminder_form(request, slug):
    """Ask for a reminder before a public action."""
    action = get_object_or_404(Action.objects.public(), slug=slug)
    form = ReminderForm(request.POST or None, kinds=[])
    if request.method == "POST" and _subscribed(request, form, action=action):
        return render(request, "agenda/reminder_asked.html", {"action": action})
    context = {"action": action, "form": form, "known": True}
    status = 400 if request.method == "POST" else 200
    return render(request, "agenda/reminder_form.html", context, status=status)


def _subscribed(request, form, **followed) -> bool:
    if not form.is_valid():
        return False
    try:
        services.reminder_subscribe(
            **followed, language=_language(), ip=client_ip(request), **form.cleaned_data
        )
    except services.ReminderRefused as refusal:
        form.add_error(None, refusal.message)
        return False
    return True


def reminder_asked(request, slug):
    return render(request, "agenda/reminder_asked.html", {"person": _person(slug)})


def _link_problem(request, problem):
    return render(request, "agenda/link_problem.html", {"problem": problem}, status=410)


@never_cache
@require_http_methods(["GET", "POST"])
def reminder_confirm(request, token):
    """GET shows a button, POST confirms: mail scanners that open links confirm nothing."""
    try:
        subscription = services.subscription_for_token(token=token, salt=services.CONFIRM_SALT)
        if request.method == "POST":
            subscription = services.reminder_confirm(token=token)
            return render(request, "agenda/reminder_done.html", {"subscription": subscription})
    except services.ReminderRefused as problem:
        return _link_problem(request, problem)
    return render(request, "agenda/reminder_confirm.html", {"subscription": subscription})


@never_cache
@require_http_methods(["GET", "POST"])
def reminder_stop(request, token):
    try:
        subscription = services.subscription_for_token(token=token, salt=services.STOP_SALT)
        if request.method == "POST":
            person = services.reminder_stop(token=token)
            return render(request, "agenda/reminder_stopped.html", {"person": person})
    except services.ReminderRefused as problem:
        return _link_problem(request, problem)
    return render(request, "agenda/reminder_stop.html", {"subscription": subscription})
