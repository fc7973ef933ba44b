"""Benchmark of letter delivery: one batch PDF of 500 letters to one facility.

Run with `make bench-letters` (part of `make bench`). Uses a fresh SQLite database in a temporary
directory, or the disposable database named by DATABASE_URL. Synthetic people (marked synthetic,
never public) and synthetic letters: half in Russian, half in English with a reviewed Russian
translation, about 1,500 characters each. Results are printed and written to bench/RESULTS.md
under "## Letters".
"""

import io
import os
import platform
import resource
import sys
import time
from pathlib import Path

from common import record_section, setup_django

LETTERS = 500
PEOPLE = 100


def build(facility_count: int = 1):
    import datetime as dt

    from django.utils import timezone
    from faker import Faker

    from unheard.core.models import PublicationState
    from unheard.letters.models import Letter, LetterTranslation
    from unheard.registry.models import Facility, Person, Region

    fake_ru, fake_en = Faker("ru_RU"), Faker("en_GB")
    Faker.seed(4)
    region = Region.objects.create(name="Бенчмарк", slug="bench-region")
    facility = Facility.objects.create(
        kind=Facility.Kind.COLONY,
        regime="strict",
        name="ФКУ ИК-99 (синтетическая)",
        number="99",
        region=region,
        slug="bench-ik-99",
        postal_address="618000, Пермский край, г. Тестов, ул. Синтетическая, д. 99, ФКУ ИК-99",
        publication_state=PublicationState.PUBLISHED,
    )
    people = [
        Person.objects.create(
            surname=fake_ru.last_name_male(),
            given_name=fake_ru.first_name_male(),
            patronymic=fake_ru.middle_name_male(),
            display_name=f"Synthetic person {n}",
            slug=f"bench-person-{n}",
            birth_date=dt.date(1970 + n % 30, 1 + n % 12, 1 + n % 28),
            status=Person.Status.SERVING,
            current_facility=facility,
            publication_state=PublicationState.PUBLISHED,
            is_synthetic=True,
        )
        for n in range(PEOPLE)
    ]
    now = timezone.now()
    letters = []
    for n in range(LETTERS):
        russian = n % 2 == 0
        fake = fake_ru if russian else fake_en
        letters.append(
            Letter(
                person=people[n % PEOPLE],
                facility=facility,
                author_name=fake.first_name(),
                author_email=f"bench{n}@example.org",
                language="ru" if russian else "en",
                interface_language="en",
                text=fake.text(max_nb_chars=1500),
                text_sha256=f"{n:064d}",
                status=Letter.Status.APPROVED,
                rules_accepted_at=now,
                confirmed_at=now,
            )
        )
    Letter.objects.bulk_create(letters)
    LetterTranslation.objects.bulk_create(
        LetterTranslation(
            letter=letter,
            text=fake_ru.text(max_nb_chars=1600),
            state=LetterTranslation.State.REVIEWED,
            reviewed_at=now,
        )
        for letter in Letter.objects.exclude(language="ru")
    )
    return facility


def main() -> None:
    setup_django()
    from django.contrib.auth.models import User
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from pypdf import PdfReader

    from unheard.letters import services

    call_command("migrate", verbosity=0)
    facility = build()
    user = User.objects.create_superuser("bench", "bench@example.org", "pw")

    # The render task would run at once under the test settings' immediate backend; here it is
    # only recorded, and the render is timed on its own.
    dummy = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend", "QUEUES": []}}
    with override_settings(TASKS=dummy):
        start = time.perf_counter()
        batch = services.batch_create(facility=facility, acting_user=user)
        created = time.perf_counter() - start

    start = time.perf_counter()
    pages = services.batch_render(batch_id=batch.pk)
    rendered = time.perf_counter() - start

    batch.refresh_from_db()
    with batch.pdf.open("rb") as handle:
        content = handle.read()
    reader = PdfReader(io.BytesIO(content))
    assert len(reader.pages) == pages
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report(
        vendor=connection.vendor,
        letters=batch.letters.count(),
        recipients=PEOPLE,
        pages=pages,
        size_mb=len(content) / 1024 / 1024,
        created=created,
        rendered=rendered,
        peak_mb=peak_mb,
    )


def report(*, vendor, letters, recipients, pages, size_mb, created, rendered, peak_mb) -> None:
    header = (
        f"## Letters ({vendor}, {time.strftime('%Y-%m-%d')}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores)\n\n`bench/letters_bench.py`: one delivery batch of {letters} "
        f"synthetic letters to {recipients} synthetic people in one facility (half in Russian, "
        "half in English with a Russian translation, about 1,500 characters each), typeset by "
        "WeasyPrint in one process: cover sheet, one envelope page per recipient, each letter "
        "and each translation on pages of their own.\n\n"
    )
    lines = [
        "| measurement | value |",
        "| --- | --- |",
        f"| select and assign the letters (`batch_create`) | {created * 1000:.0f} ms |",
        f"| render the PDF (`batch_render`) | {rendered:.1f} s |",
        f"| pages | {pages} |",
        f"| pages per second | {pages / rendered:.1f} |",
        f"| PDF size | {size_mb:.1f} MB |",
        f"| peak memory of the process | {peak_mb:.0f} MB |",
    ]
    text = header + "\n".join(lines) + "\n"
    print(text)
    record_section(f"## Letters ({vendor},", text)


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
