"""Printable PDFs (WeasyPrint): delivery batches and letter-writing evening packs.

Everything the post office and the censor read is in Russian and set in DejaVu, which covers
Cyrillic (Debian's fonts-dejavu-core). Pictures are embedded from storage as data URIs, so the
renderer never fetches anything over the network.
"""

from __future__ import annotations

import base64
from itertools import groupby

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from unheard.letters.models import DeliveryBatch, Letter
from unheard.letters.selectors import envelope_for, rules_effective


def _html_to_pdf(html: str) -> tuple[bytes, int]:
    from weasyprint import HTML

    document = HTML(string=html, base_url=None).render()
    return document.write_pdf(), len(document.pages)


def _data_uri(attachment) -> str:
    with attachment.image.open("rb") as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return f"data:{attachment.content_type};base64,{encoded}"


def batch_pdf(*, batch: DeliveryBatch) -> tuple[bytes, int]:
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
            letter.pictures = [_data_uri(a) for a in letter.attachments.all()]
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
    return _html_to_pdf(html)


def evening_pack_pdf(*, people: list, language: str) -> tuple[bytes, int]:
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
    return _html_to_pdf(html)


def letter_pdf(*, letter: Letter) -> tuple[bytes, int]:
    """One letter on its own (with its translation), for sending by an electronic service."""
    batch = DeliveryBatch(facility=letter.facility or letter.person.current_facility)
    letter.pictures = [_data_uri(a) for a in letter.attachments.all()]
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
    return _html_to_pdf(html)
