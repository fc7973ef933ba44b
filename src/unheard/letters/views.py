"""Public letter pages. Views parse the request, call one selector or service, and render."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from unheard.core import batch
from unheard.core.http import client_ip
from unheard.letters import selectors, services
from unheard.letters.eligibility import letter_eligibility
from unheard.letters.forms import LetterForm, RevisionForm
from unheard.letters.models import LetterToken
from unheard.letters.tokens import TokenError, token_find
from unheard.letters.workflow import LetterStateError
from unheard.registry.models import Person
from unheard.registry.selectors import published_people


def _person(slug: str) -> Person:
    person = batch.per_slug("letters.person", slug, _people)
    if person is None:
        raise Http404
    return person


def _people(slugs) -> dict[str, Person]:
    people = published_people().select_related("current_facility__region")
    return {person.slug: person for person in people.filter(slug__in=list(slugs))}


def _language() -> str:
    return (get_language() or "en")[:2]


def _page_context(person: Person) -> dict:
    facility = selectors.facility_where_held(person=person)
    return {
        "person": person,
        "facility": facility,
        "eligibility": letter_eligibility(person),
        "envelope": selectors.envelope_for(person=person),
        "rules": selectors.rules_effective(facility=facility, language=_language()),
        "counts": selectors.person_letter_counts(person=person),
    }


def how_to_write(request, slug):
    person = _person(slug)
    return render(request, "letters/how_to_write.html", _page_context(person))


@never_cache
@require_http_methods(["GET", "POST"])
def letter_form(request, slug):
    person = _person(slug)
    context = _page_context(person)
    if not context["eligibility"]:
        return render(request, "letters/letter_refused.html", context)
    if request.method == "POST":
        form = LetterForm(request.POST, request.FILES, person=person, rules=context["rules"])
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.letter_submit(
                    person=person,
                    author_name=data["author_name"],
                    author_email=data["author_email"],
                    author_ip=client_ip(request),
                    language=data["language"],
                    interface_language=_language(),
                    text=data["text"],
                    rules_accepted=data["accept_rules"],
                    attachments=data["images"],
                )
            except services.LetterRefused as refusal:
                form.add_error(None, refusal.message)
            else:
                return redirect("letters:submitted", slug=person.slug)
        status = 400
    else:
        form = LetterForm(person=person, rules=context["rules"], initial={"language": _language()})
        status = 200
    return render(request, "letters/letter_form.html", {**context, "form": form}, status=status)


def letter_submitted(request, slug):
    person = _person(slug)
    return render(request, "letters/letter_submitted.html", {"person": person})


@never_cache
@require_http_methods(["GET", "POST"])
def letter_confirm(request, token):
    try:
        found = token_find(raw=token, purpose=LetterToken.Purpose.CONFIRM)
        if request.method == "POST":
            letter = services.letter_confirm(token=token)
            return render(request, "letters/confirmed.html", {"person": letter.person})
    except TokenError as problem:
        status = 404 if problem.code == "invalid" else 410
        return render(
            request,
            "letters/link_problem.html",
            {"problem": problem, "purpose": "confirm"},
            status=status,
        )
    return render(request, "letters/confirm.html", {"person": found.letter.person})


@never_cache
@require_http_methods(["GET", "POST"])
def letter_revise(request, token):
    try:
        found = token_find(raw=token, purpose=LetterToken.Purpose.REVISE)
    except TokenError as problem:
        status = 404 if problem.code == "invalid" else 410
        return render(
            request,
            "letters/link_problem.html",
            {"problem": problem, "purpose": "revise"},
            status=status,
        )
    letter = found.letter
    reason = letter.decisions.filter(decision="request_edit").order_by("-at").first()
    if request.method == "POST":
        form = RevisionForm(request.POST)
        if form.is_valid():
            try:
                services.letter_revise(token=token, text=form.cleaned_data["text"])
            except (services.LetterRefused, LetterStateError, TokenError) as problem:
                form.add_error(None, getattr(problem, "message", str(problem)))
            else:
                return render(request, "letters/revised.html", {"person": letter.person})
    else:
        form = RevisionForm(initial={"text": letter.text})
    context = {"form": form, "person": letter.person, "reason": reason.reason if reason else ""}
    return render(request, "letters/revise.html", context)


def few_letters(request):
    people = selectors.people_few_letters(limit=60)
    return render(request, "letters/few_letters.html", {"people": people})
