"""Reads for letters: rules in force, envelopes, public counts, queues, evening-pack candidates."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Collection
from dataclasses import dataclass

from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django.utils.translation import get_language

from unheard.core import batch, dates
from unheard.core.visibility import is_public
from unheard.letters.dative import name_dative
from unheard.letters.default_rules import RULES as DEFAULT_RULES
from unheard.letters.models import (
    Letter,
    LetterRules,
    LetterStatusChange,
    LetterTranslation,
    Reply,
)
from unheard.registry.models import Facility, Person, TimelineEvent
from unheard.registry.selectors import published_people

SENT = Letter.SENT_STATUSES
# The statuses whose letters some public count may show or have shown: the sent ones (counted
# beside each person), and approved, which a letter returned undelivered becomes again.
# The workflow (workflow.py) leads no letter from these back to waiting, and a letter rejected
# after approval was never counted as sent. The statistics count the history's steps (below).
COUNTED_STATUSES = frozenset({*SENT, Letter.Status.APPROVED})
COUNTED_STEPS = frozenset({Letter.Status.APPROVED, Letter.Status.DELIVERED})


@dataclass(frozen=True)
class EffectiveRules:
    text: str
    photos_allowed: bool
    postcards_allowed: bool
    facility_specific: bool

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in re.split(r"\n\s*\n", self.text) if p.strip()]


def _text_in(rules: LetterRules | None, language: str) -> str:
    if rules is None:
        return ""
    return (getattr(rules, f"text_{language}", "") or "").strip()


def rules_effective(*, facility: Facility | None, language: str | None = None) -> EffectiveRules:
    """The rules for letters to a facility, in a language: the facility's own, else the global."""
    language = (language or get_language() or "en")[:2]
    key = (facility.pk if facility is not None else None, language)
    return batch.shared("letters.rules_effective", lambda: _rules(facility, language), key=key)


def _rules(facility: Facility | None, language: str) -> EffectiveRules:
    general = LetterRules.objects.filter(facility__isnull=True).first()
    own = LetterRules.objects.filter(facility=facility).first() if facility is not None else None
    text = _text_in(own, language) or _text_in(general, language)
    if not text and general is None:
        text = DEFAULT_RULES.get(language, "")
    if not text:
        for fallback in ("en", "ru"):
            text = _text_in(own, fallback) or _text_in(general, fallback)
            if text:
                break
    source = own or general
    return EffectiveRules(
        text=text,
        photos_allowed=source.photos_allowed if source else True,
        postcards_allowed=source.postcards_allowed if source else True,
        facility_specific=own is not None,
    )


@dataclass(frozen=True)
class Envelope:
    """An envelope in the Russian postal format: to whom (full name in the dative case, year of
    birth), where."""

    recipient: str
    address_lines: list[str]
    postcode: str


POSTCODE = re.compile(r"^\s*(\d{6})\b[,\s]*")


def facility_where_held(*, person: Person) -> Facility | None:
    """The person's facility as the public may know it: a facility still in draft is unknown."""
    facility = person.current_facility
    return facility if is_public(facility) else None


def envelope_for(*, person: Person, facility: Facility | None = None) -> Envelope | None:
    """The envelope to `facility` (a batch's), else to where the public knows the person is held."""
    facility = facility or facility_where_held(person=person)
    if facility is None or not facility.postal_address.strip():
        return None
    name = name_dative(
        surname=person.surname,
        given_name=person.given_name,
        patronymic=person.patronymic,
        gender=person.gender,
    )
    if person.birth_date:
        name = f"{name}, {person.birth_date.year} г. р."
    address = facility.postal_address.strip()
    lines = [line.strip() for line in address.splitlines() if line.strip()]
    postcode = ""
    match = POSTCODE.match(lines[0]) if lines else None
    if match:
        postcode = match.group(1)
    return Envelope(recipient=name, address_lines=lines, postcode=postcode)


def writable_people() -> QuerySet[Person]:
    """Published people whom a letter can reach through this site (see `eligibility.py`)."""
    return (
        published_people()
        .filter(
            status__in=Person.HELD_STATUSES,
            support_declined=False,
            current_facility__in=Facility.objects.public(),
        )
        .exclude(current_facility__postal_address="")
        .exclude(letters_reach=Person.LetterReach.NO)
        .select_related("current_facility__region")
    )


def with_letter_counts(people: QuerySet[Person]) -> QuerySet[Person]:
    return people.annotate(
        letters_sent=Count("letters", filter=Q(letters__status__in=SENT), distinct=True),
        replies_received=Count("letter_replies", distinct=True),
    )


def person_letter_counts(*, person: Person) -> dict[str, int]:
    return batch.per_record("letters.person_letter_counts", person.pk, _letter_counts)


def _letter_counts(person_ids: Collection[int]) -> dict[int, dict[str, int]]:
    def per_person(rows: QuerySet) -> dict[int, int]:
        counted = rows.filter(person_id__in=person_ids).order_by().values("person_id")
        return dict(counted.annotate(count=Count("pk")).values_list("person_id", "count"))

    sent = per_person(Letter.objects.filter(status__in=SENT))
    replies = per_person(Reply.objects.all())
    return {pk: {"sent": sent.get(pk, 0), "replies": replies.get(pk, 0)} for pk in person_ids}


def people_few_letters(*, limit: int = 30) -> list[Person]:
    """People who can receive letters, those who got the fewest first."""
    people = with_letter_counts(writable_people())
    return list(
        people.order_by("letters_sent", "replies_received", "surname", "given_name")[:limit]
    )


def replies_public(*, person: Person) -> QuerySet[Reply]:
    """Reply excerpts the prisoner agreed to publish (consent recorded, with how it was given)."""
    return Reply.objects.public().filter(person=person).order_by("-received_on", "-pk")


def replies_shown(*, person: Person, count: int = 3) -> list[Reply]:
    """The latest `count` public replies, for the person's page (read per batch, `core.batch`)."""
    replies = batch.per_record("letters.replies_shown", person.pk, _latest_replies)
    return replies[:count]


def _latest_replies(person_ids: Collection[int]) -> dict[int, list[Reply]]:
    latest: dict[int, list[Reply]] = {pk: [] for pk in person_ids}
    replies = Reply.objects.public().filter(person_id__in=person_ids)
    for reply in replies.order_by("-received_on", "-pk"):
        latest[reply.person_id].append(reply)
    return latest


def letters_ready_for_post(*, facility: Facility) -> QuerySet[Letter]:
    """Approved letters not yet in a batch for people held in the facility, translated, unflagged."""
    translated = Q(language="ru") | Q(translation__state=LetterTranslation.State.REVIEWED)
    return (
        Letter.objects.filter(
            status=Letter.Status.APPROVED,
            flagged=False,
            batch__isnull=True,
            person__current_facility=facility,
        )
        .filter(translated)
        .order_by("person__surname", "person__given_name", "created_at")
    )


def facilities_with_letters_ready() -> list[tuple[Facility, int]]:
    """Facilities with letters waiting to be printed, and how many each."""
    waiting = Letter.objects.filter(
        status=Letter.Status.APPROVED, flagged=False, batch__isnull=True
    ).values("person__current_facility")
    result = []
    for facility in Facility.objects.filter(pk__in=waiting).order_by("slug"):
        count = letters_ready_for_post(facility=facility).count()
        if count:
            result.append((facility, count))
    return result


def moderation_queue() -> QuerySet[Letter]:
    return (
        Letter.objects.filter(status__in=Letter.QUEUE_STATUSES)
        .select_related("person", "facility")
        .order_by("created_at")
    )


def moderation_queue_count(user) -> int:
    """For the back-office home: letters waiting for a moderator."""
    return Letter.objects.filter(status__in=Letter.QUEUE_STATUSES).count()


# Letter-writing evenings ----------------------------------------------------------------------


def people_with_birthdays(*, today: dt.date | None = None, days: int = 30) -> list[Person]:
    today = today or timezone.localdate()
    people = writable_people().filter(birth_date__isnull=False, birth_date_precision="day")
    upcoming = []
    for person in people:
        next_birthday = dates.upcoming_anniversary(person.birth_date, today=today, days=days)
        if next_birthday is not None:
            person.next_birthday = next_birthday
            upcoming.append(person)
    return sorted(upcoming, key=lambda p: p.next_birthday)


def people_recently_transferred(*, today: dt.date | None = None, days: int = 60) -> QuerySet:
    today = today or timezone.localdate()
    moved = (
        TimelineEvent.objects.public()
        .filter(kind=TimelineEvent.Kind.TRANSFER, date__gte=today - dt.timedelta(days=days))
        .values("person")
    )
    return writable_people().filter(pk__in=moved).order_by("surname", "given_name")


def people_in_punishment_cell(*, today: dt.date | None = None, days: int = 30) -> QuerySet:
    """People with a published SHIZO placement still running, or begun recently with no end."""
    today = today or timezone.localdate()
    placements = (
        TimelineEvent.objects.public()
        .filter(kind=TimelineEvent.Kind.PUNISHMENT_CELL)
        .filter(
            Q(end_date__gte=today)
            | Q(end_date__isnull=True, date__gte=today - dt.timedelta(days=days))
        )
    )
    return writable_people().filter(pk__in=placements.values("person")).order_by("surname")


def evening_pack_candidates(*, today: dt.date | None = None, limit: int = 20) -> dict[str, list]:
    return {
        "birthdays": people_with_birthdays(today=today),
        "transferred": list(people_recently_transferred(today=today)),
        "punishment_cell": list(people_in_punishment_cell(today=today)),
        "fewest_letters": people_few_letters(limit=limit),
    }


def letter_counted_nowhere(letter: Letter) -> bool:
    """Whether a change of `letter` as it now is cannot change any public count
    (`core.plugins.PrivateChange`): waiting, returned to its author or rejected."""
    return letter.status not in COUNTED_STATUSES


def status_change_counted_nowhere(change: LetterStatusChange) -> bool:
    """Whether a step of a letter's history is one the statistics do not count."""
    return change.status not in COUNTED_STEPS


def letters_and_replies_per_month(*, as_of: dt.date) -> list[tuple[str, tuple[int, int, int]]]:
    """The statistics section's "Letters and replies per month" (declared on `LettersConfig`):
    for each month ("YYYY-MM") up to `as_of`, the letters to published people the moderators
    approved (each letter once, in the month of its first approval), those recorded as delivered
    (likewise), and the replies received from published people."""
    people = published_people()
    approved = _first_change_months(Letter.Status.APPROVED, people, as_of)
    delivered = _first_change_months(Letter.Status.DELIVERED, people, as_of)
    replies = Counter(
        _month(received_on)
        for received_on in Reply.objects.filter(
            person__in=people, received_on__lte=as_of
        ).values_list("received_on", flat=True)
    )
    months = sorted(set(approved) | set(delivered) | set(replies))
    return [(month, (approved[month], delivered[month], replies[month])) for month in months]


def _first_change_months(status: str, people: QuerySet[Person], as_of: dt.date) -> Counter:
    changes = LetterStatusChange.objects.filter(
        status=status, letter__person__in=people, at__date__lte=as_of
    )
    first = changes.values("letter").annotate(first=Min("at")).values_list("first", flat=True)
    return Counter(_month(timezone.localtime(at)) for at in first)


def _month(date: dt.date) -> str:
    return f"{date.year:04d}-{date.month:02d}"
