"""Benchmark of the alert fan-out: one transfer, 10,000 subscribers, every e-mail queued.

Run with `make bench-alerts`. Uses a fresh SQLite database in a temporary directory, or the
disposable database named by DATABASE_URL. The person is synthetic (never public), so the alert
is recorded as `alert_for_event` would record it for a public person; what is timed is what runs
after the editor's commit: `alert_fan_out` (find the followers, write 10,000 outbox rows) and the
hand-over to the real database task queue (django-tasks-db), one task per batch of
`UNHEARD_ALERT_BATCH_SIZE`. Subscribers follow the whole registry, the person or their region
(a third each; followers of a case reach a person only through a public defendant link, and a
synthetic person has none). Results go to bench/RESULTS.md under "## Alerts".
"""

import datetime as dt
import os
import platform
import sys
import time

from common import record_section, setup_django

SUBSCRIBERS = 10_000
LIMIT_SECONDS = 10


def build():
    from django.utils import timezone

    from unheard.core.models import PublicationState
    from unheard.publishing.models import Subscription
    from unheard.registry.models import Case, CaseDefendant, Facility, Person, Region, TimelineEvent

    published = PublicationState.PUBLISHED
    region = Region.objects.create(name="Bench region", slug="bench-region")
    facility = Facility.objects.create(
        kind=Facility.Kind.COLONY,
        name="IK-99 (synthetic)",
        slug="bench-ik-99",
        region=region,
        publication_state=published,
    )
    person = Person.objects.create(
        surname="Синтетический",
        given_name="Пётр",
        display_name="Synthetic person",
        slug="bench-person",
        status=Person.Status.SERVING,
        current_facility=facility,
        home_region=region,
        publication_state=published,
        is_synthetic=True,
    )
    case = Case.objects.create(
        name="Synthetic case", slug="bench-case", region=region, publication_state=published
    )
    CaseDefendant.objects.create(case=case, person=person)
    now = timezone.now()
    targets = [
        {"scope": "registry"},
        {"scope": "person", "person": person},
        {"scope": "region", "region": region},
    ]
    Subscription.objects.bulk_create(
        [
            Subscription(
                email=f"reader{n}@example.org",
                language=("ru", "en", "de", "fr")[n % 4],
                confirmed_at=now,
                **targets[n % 3],
            )
            for n in range(SUBSCRIBERS)
        ],
        batch_size=1000,
    )
    event = TimelineEvent.objects.create(
        person=person,
        kind="transfer",
        date=dt.date.today(),
        facility=facility,
        publication_state=published,
    )
    return person, event


def main() -> None:
    setup_django("alerts.sqlite3")
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection, transaction
    from django_tasks_db.models import DBTaskResult

    from unheard.publishing.models import Alert, OutgoingMail
    from unheard.publishing.services import alert_fan_out

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": []}}
    call_command("migrate", verbosity=0)
    person, event = build()
    start = time.perf_counter()
    with transaction.atomic():
        alert = Alert.objects.create(kind=Alert.Kind.EVENT, person=person, event=event)
        queued = alert_fan_out(alert_id=alert.pk)
    seconds = time.perf_counter() - start
    tasks = DBTaskResult.objects.filter(task_path__endswith="send_mails").count()
    assert queued == SUBSCRIBERS == OutgoingMail.objects.count(), queued
    text = (
        f"## Alerts ({connection.vendor}, {dt.date.today().isoformat()}, Python "
        f"{platform.python_version()}, 2 cores)\n\n"
        f"One transfer, {SUBSCRIBERS:,} confirmed subscribers (a third each following the whole "
        "registry, the person, their region): finding the followers, writing one outbox "
        "row each and handing them to the database task queue in batches of "
        f"{settings.UNHEARD_ALERT_BATCH_SIZE}.\n\n"
        "| measurement | value |\n| --- | --- |\n"
        f"| alert fan-out, {SUBSCRIBERS:,} e-mails queued | {seconds * 1000:,.0f} ms |\n"
        f"| tasks queued | {tasks} |\n"
        f"| limit | {LIMIT_SECONDS} s |\n"
        f"| load average of the machine (1 min) at the end | {os.getloadavg()[0]:.1f} |\n"
    )
    print(text)
    record_section(f"## Alerts ({connection.vendor}", text)
    if seconds > LIMIT_SECONDS:
        sys.exit(f"the fan-out took {seconds:.1f} s, over {LIMIT_SECONDS} s")


if __name__ == "__main__":
    main()
