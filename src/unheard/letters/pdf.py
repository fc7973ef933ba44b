"""Printable PDFs: delivery batches and letter-writing evening packs.

Everything the post office and the censor read is in Russian and set in DejaVu, which covers
Cyrillic. The letters' own templates are rendered by `core.output.pdf`, which fetches nothing
over the network: pictures are embedded from storage as data URIs.
"""

from __future__ import annotations

from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from unheard.core.output.pdf import RenderedPdf, data_uri, render_pdf
from unheard.letters.models import DeliveryBatch, Letter
from unheard.letters.selectors import envelope_for, rules_effective


def _pictures(letter: Letter) -> list[str]:
    return [data_uri(a.image, a.content_type) for a in letter.attachments.all()]


def batch_pdf(*, batch: DeliveryBatch) -> RenderedPdf:
    """Cover sheet, then for each recipient one envelope page and their letters, each letter
    with its translation on pages of its own."""
    letters = list(
        batch.letters.select_related("person", "translation")
        .prefetch_related("attachments")
        .order_by("person__surname", "person__given_name", "person_id", "created_at")
    )
    recipients = []
    for _person_id, group in groupby(letters, key=lambda letter: letter.person_id):
        group = list(group)
        person = group[0].person
        for letter in group:
            letter.pictures = _pictures(letter)
        recipients.append(
            {
                "person": person,
                "envelope": envelope_for(person=person, facility=batch.facility),
                "letters": group,
            }
        )
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "letters/pdf/batch.html",
            {
                "batch": batch,
                "facility": batch.facility,
                "recipients": recipients,
                "letter_count": len(letters),
                "generated_at": timezone.localtime(),
                "site_name": settings.UNHEARD_SITE_NAME,
            },
        )
    return render_pdf(html)


def evening_pack_pdf(*, people: list, language: str) -> RenderedPdf:
    """For an evening of letter-writing: each person's short story, envelope address and rules."""
    with translation.override(language):
        entries = []
        for person in people:
            entries.append(
                {
                    "person": person,
                    "envelope": envelope_for(person=person),
                    "rules": rules_effective(facility=person.current_facility, language=language),
                }
            )
        general = rules_effective(facility=None, language=language)
        html = render_to_string(
            "letters/pdf/evening_pack.html",
            {
                "entries": entries,
                "rules": general,
                "generated_at": timezone.localtime(),
                "site_name": settings.UNHEARD_SITE_NAME,
                "site_url": settings.UNHEARD_SITE_URL.rstrip("/"),
                "LANGUAGE_CODE": language,
            },
        )
    return render_pdf(html)


def letter_pdf(*, letter: Letter) -> RenderedPdf:
    """One letter on its own (with its translation), for sending by an electronic service."""
    batch = DeliveryBatch(facility=letter.facility or letter.person.current_facility)
    letter.pictures = _pictures(letter)
    html = render_to_string(
        "letters/pdf/batch.html",
        {
            "batch": batch,
            "facility": batch.facility,
            "recipients": [
                {
                    "person": letter.person,
                    "envelope": envelope_for(person=letter.person),
                    "letters": [letter],
                }
            ],
            "letter_count": 1,
            "single": True,
            "generated_at": timezone.localtime(),
            "site_name": settings.UNHEARD_SITE_NAME,
        },
    )
    return render_pdf(html)
