"""The brochure: the registry as a printed book, laid out like the seed book.

A cover, a table of contents whose page numbers WeasyPrint fills in (`target-counter`), an
introduction, one chapter per case (each defendant: summary, charges with the articles' titles,
sentence, where held and the envelope address), a page of figures, how to help, and the sources
as numbered notes. Everything is read through the public selectors: a draft record, a hidden
facility or an unconsented photo never reaches the paper (photos are left out altogether).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from unheard.core.models import Source
from unheard.core.output.pdf import RenderedPdf, render_pdf
from unheard.funds.selectors import published_campaigns
from unheard.letters.selectors import envelope_for, facility_where_held
from unheard.registry import selectors
from unheard.registry.models import Case, Person


class BrochureRefused(ValueError):
    """The language or the selection does not allow a brochure; nothing was written."""


@dataclass
class Defendant:
    person: Person
    charges: list
    verdict: object
    facility: object
    envelope: object
    notes: list[int]


@dataclass
class Chapter:
    case: Case
    defendants: list[Defendant] = field(default_factory=list)


def _cases(case_slugs: Sequence[str]) -> list[Case]:
    cases = list(selectors.cases_public())
    if not case_slugs:
        return cases
    by_slug = {case.slug: case for case in cases}
    unknown = [slug for slug in case_slugs if slug not in by_slug]
    if unknown:
        raise BrochureRefused(_("Unknown case: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    return [by_slug[slug] for slug in case_slugs]


def _people(person_slugs: Sequence[str]) -> set[int] | None:
    if not person_slugs:
        return None
    found = dict(
        selectors.published_people().filter(slug__in=person_slugs).values_list("slug", "pk")
    )
    unknown = [slug for slug in person_slugs if slug not in found]
    if unknown:
        raise BrochureRefused(_("Unknown person: %(slugs)s.") % {"slugs": ", ".join(unknown)})
    return set(found.values())


def chapters(*, case_slugs: Sequence[str] = (), person_slugs: Sequence[str] = ()):
    """The chapters of the selection and the sources cited, numbered in order of citation."""
    wanted = _people(person_slugs)
    notes: dict[int, int] = {}
    sources: list[Source] = []
    found = []
    for case in _cases(case_slugs):
        chapter = Chapter(case)
        people = selectors.published_people().filter(case_links__case=case).order_by("surname")
        for person in people:
            if wanted is not None and person.pk not in wanted:
                continue
            cited = []
            for source in Source.objects.public().filter(registry_person_set=person).order_by("pk"):
                if source.pk not in notes:
                    notes[source.pk] = len(notes) + 1
                    sources.append(source)
                cited.append(notes[source.pk])
            chapter.defendants.append(
                Defendant(
                    person=person,
                    charges=list(
                        selectors.charges_public()
                        .filter(person=person, case=case)
                        .select_related("article__code")
                    ),
                    verdict=selectors.verdicts_public()
                    .filter(person=person, case=case)
                    .order_by("-date")
                    .first(),
                    facility=facility_where_held(person=person),
                    envelope=envelope_for(person=person),
                    notes=cited,
                )
            )
        if chapter.defendants:
            found.append(chapter)
    return found, sources


def brochure_render(
    *, language: str, case_slugs: Sequence[str] = (), person_slugs: Sequence[str] = ()
) -> RenderedPdf:
    """The brochure in `language` of the chosen cases and people (all public cases when none)."""
    if language not in {code for code, _name in settings.LANGUAGES}:
        raise BrochureRefused(_("Unknown language: %(codes)s.") % {"codes": language})
    with translation.override(language):
        found, sources = chapters(case_slugs=case_slugs, person_slugs=person_slugs)
        if not found:
            raise BrochureRefused(_("The selection holds no published person: nothing to print."))
        html = render_to_string(
            "brochure/brochure.html",
            {
                "chapters": found,
                "sources": sources,
                "language": language,
                "site_name": settings.UNHEARD_SITE_NAME,
                "site_url": settings.UNHEARD_SITE_URL,
                "today": timezone.localdate(),
                "people_count": selectors.published_people().count(),
                "held_count": selectors.people_held_count(),
                "cases_count": selectors.cases_public().count(),
                "campaigns": list(published_campaigns()),
            },
        )
    return render_pdf(html)
