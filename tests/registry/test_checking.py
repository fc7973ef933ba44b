"""The checking queue (`registry.checking`): one test per rule, the editor's mark, its audit."""

import datetime as dt

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests import factories as f
from unheard.core.models import AuditEntry
from unheard.registry import checking, services
from unheard.registry.models import CheckMark, CheckReason, Person, TimelineEvent

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 21)
RECENT = TODAY - dt.timedelta(days=30)
LONG_AGO = dt.date(2025, 1, 10)
Kind = TimelineEvent.Kind


def queued(reason, today=TODAY):
    return [item.record for item in checking.RULES[reason](today=today)]


def person(**values):
    """A person with a summary in every language and a recent sourced event: in no queue."""
    values = {
        "status": Person.Status.SERVING,
        **{f"summary_{code}": "…" for code in ("ru", "en", "de", "fr")},
        **values,
    }
    someone = f.PersonFactory(**values)
    f.sourced(f.event(someone, Kind.TRANSFER, RECENT))
    return someone


def test_release_passed_lists_people_held_after_their_expected_release():
    held = person(status=Person.Status.SERVING)
    released = person(status=Person.Status.RELEASED)
    ahead = person(status=Person.Status.SERVING)
    estimate = {"precision": "day"}
    Person.objects.filter(pk__in=[held.pk, released.pk]).update(
        expected_release=LONG_AGO, release_computation=estimate
    )
    Person.objects.filter(pk=ahead.pk).update(
        expected_release=TODAY + dt.timedelta(days=9), release_computation=estimate
    )

    assert queued(CheckReason.RELEASE_PASSED) == [held]


def test_a_russian_date_in_a_detail_ends_with_one_full_stop():
    """Walk B13: "15 октября 2025 г.." (the date ends with "г." and the sentence added one)."""
    held = person(status=Person.Status.SERVING)
    Person.objects.filter(pk=held.pk).update(
        expected_release=LONG_AGO, release_computation={"precision": "day"}
    )
    with translation.override("ru"):
        details = [item.detail for item in checking.RULES[CheckReason.RELEASE_PASSED](today=TODAY)]
    assert details == ["Ожидаемое освобождение: 10 января 2025 г."]


def test_custody_term_passed_lists_pre_trial_people_whose_last_order_ran_out():
    overdue = person(status=Person.Status.PRE_TRIAL)
    f.event(overdue, Kind.CUSTODY, LONG_AGO, end_date=dt.date(2025, 3, 10))
    extended = person(status=Person.Status.PRE_TRIAL)
    f.event(extended, Kind.CUSTODY, LONG_AGO, end_date=dt.date(2025, 3, 10))
    f.event(extended, Kind.CUSTODY, dt.date(2025, 3, 5), end_date=TODAY + dt.timedelta(days=20))
    open_ended = person(status=Person.Status.PRE_TRIAL)
    f.event(open_ended, Kind.DETENTION, LONG_AGO)
    sentenced = person(status=Person.Status.SERVING)
    f.event(sentenced, Kind.CUSTODY, LONG_AGO, end_date=dt.date(2025, 3, 10))

    items = list(checking.custody_term_passed(today=TODAY))

    assert [item.record for item in items] == [overdue]
    assert "10 March 2025" in items[0].detail or "2025" in items[0].detail


def test_status_stale_lists_watched_people_with_no_recent_news(settings):
    settings.UNHEARD_CHECK_AFTER_MONTHS = 6
    fresh = person(status=Person.Status.SERVING)
    stale = f.PersonFactory(status=Person.Status.SERVING)
    f.event(stale, Kind.DETENTION, LONG_AGO)
    silent = f.PersonFactory(status=Person.Status.HOUSE_ARREST)
    recent_source = f.PersonFactory(status=Person.Status.PRE_TRIAL)
    recent_source.sources.add(f.SourceFactory(published_on=RECENT))
    f.PersonFactory(status=Person.Status.RELEASED)  # not watched
    f.PersonFactory(status=Person.Status.SERVING, is_synthetic=True)

    assert set(queued(CheckReason.STATUS_STALE)) == {stale, silent}
    assert fresh not in queued(CheckReason.STATUS_STALE)

    settings.UNHEARD_CHECK_AFTER_MONTHS = 36
    assert queued(CheckReason.STATUS_STALE) == [silent]


def test_facility_address_unsourced_lists_addresses_nobody_cited():
    unsourced = f.FacilityFactory()
    f.sourced(f.FacilityFactory())
    f.FacilityFactory(postal_address="")

    assert queued(CheckReason.FACILITY_ADDRESS_UNSOURCED) == [unsourced]


def test_event_unsourced_lists_events_with_no_source():
    someone = person()
    bare = f.event(someone, Kind.SEARCH, LONG_AGO)
    f.event(f.PersonFactory(is_synthetic=True), Kind.SEARCH, LONG_AGO)

    assert queued(CheckReason.EVENT_UNSOURCED) == [bare]


def test_summary_missing_lists_people_lacking_a_language_others_have():
    complete = person()
    no_french = person(summary_fr="")
    no_summary = person(summary_ru="", summary_en="", summary_de="", summary_fr="")

    items = {item.record: item.detail for item in checking.summary_missing(today=TODAY)}

    assert set(items) == {no_french, no_summary}
    assert complete not in items
    assert "fr" in items[no_french] and "ru" not in items[no_french]


def test_summary_missing_asks_nothing_in_a_language_nobody_writes():
    person(summary_fr="")
    person(summary_fr="")

    assert queued(CheckReason.SUMMARY_MISSING) == []


def test_a_mark_takes_the_item_out_and_cites_the_source(make_staff):
    editor = make_staff("editor1", "editor")
    facility = f.FacilityFactory()
    someone = f.PersonFactory(status=Person.Status.SERVING)
    source = f.SourceFactory()

    services.check_mark(
        record=someone,
        reason=CheckReason.STATUS_STALE,
        source=source,
        note="Still in the colony.",
        acting_user=editor,
    )

    assert someone not in queued(CheckReason.STATUS_STALE, today=dt.date.today())
    assert list(someone.sources.all()) == [source]
    mark = CheckMark.objects.get()
    assert (mark.checked_by, mark.reason, mark.object_id) == (editor, "status_stale", someone.pk)
    entry = AuditEntry.objects.get(action="check_mark")
    assert entry.acting_user == editor and entry.object_id == str(someone.pk)
    assert facility in queued(CheckReason.FACILITY_ADDRESS_UNSOURCED)


def test_a_mark_expires_after_the_recheck_period(make_staff, settings):
    settings.UNHEARD_CHECK_AFTER_MONTHS = 6
    someone = f.PersonFactory(status=Person.Status.SERVING)
    services.check_mark(
        record=someone,
        reason=CheckReason.STATUS_STALE,
        source=f.SourceFactory(),
        acting_user=make_staff("editor1", "editor"),
    )
    today = dt.date.today()

    assert someone not in queued(CheckReason.STATUS_STALE, today=today)
    assert someone in queued(CheckReason.STATUS_STALE, today=today + dt.timedelta(days=200))


def test_a_mark_for_an_unknown_reason_writes_nothing(make_staff):
    someone = f.PersonFactory()

    with pytest.raises(ValidationError):
        services.check_mark(
            record=someone,
            reason="whatever",
            source=f.SourceFactory(),
            acting_user=make_staff("editor1", "editor"),
        )

    assert not CheckMark.objects.exists()
    assert not someone.sources.exists()
    assert not AuditEntry.objects.filter(action="check_mark").exists()
    assert ContentType.objects.get_for_model(Person)


# The back-office pages -----------------------------------------------------------------------


def mark_path(record, reason):
    content_type = ContentType.objects.get_for_model(record)
    return reverse("admin:registry_checking_mark", args=[content_type.pk, record.pk, reason])


@pytest.mark.parametrize(
    ("role", "status"),
    [("editor", 200), ("reviewer", 200), ("admin", 200), ("translator", 403), ("treasurer", 403)],
)
def test_the_queue_page_by_role(client, make_staff, role, status):
    f.FacilityFactory(name_en="SIZO-77 with no source")
    client.force_login(make_staff("someone", role))

    response = client.get(reverse("admin:registry_checking_queue"))

    assert response.status_code == status
    if status == 200:
        assert "SIZO-77 with no source" in response.content.decode()


def test_an_editor_marks_an_item_checked_with_a_new_source(client, make_staff):
    facility = f.FacilityFactory()
    client.force_login(make_staff("editor1", "editor"))
    url = mark_path(facility, "facility_address_unsourced")

    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "new_source_title": "FSIN: SIZO-1 contacts",
            "new_source_url": "https://fsin.example/sizo-1",
            "note": "Address as on the FSIN page.",
        },
    )

    assert response.status_code == 302
    assert [s.title for s in facility.sources.all()] == ["FSIN: SIZO-1 contacts"]
    assert facility not in queued(CheckReason.FACILITY_ADDRESS_UNSOURCED)
    assert CheckMark.objects.get().note == "Address as on the FSIN page."


def test_marking_with_no_source_says_so_and_changes_nothing(client, make_staff):
    facility = f.FacilityFactory()
    client.force_login(make_staff("editor1", "editor"))

    response = client.post(mark_path(facility, "facility_address_unsourced"), {"note": "ok"})

    assert response.status_code == 200
    assert "Pick the source you checked" in response.content.decode()
    assert not CheckMark.objects.exists() and not facility.sources.exists()


def test_marking_an_unknown_reason_or_record_is_not_found(client, make_staff):
    facility = f.FacilityFactory()
    client.force_login(make_staff("editor1", "editor"))

    assert client.get(mark_path(facility, "no_such_reason")).status_code == 404
    content_type = ContentType.objects.get_for_model(facility)
    missing = reverse(
        "admin:registry_checking_mark", args=[content_type.pk, 99999, "event_unsourced"]
    )
    assert client.get(missing).status_code == 404


def test_a_new_source_with_no_address_is_not_a_web_page(client, make_staff):
    facility = f.FacilityFactory()
    client.force_login(make_staff("editor1", "editor"))

    client.post(
        mark_path(facility, "facility_address_unsourced"),
        {"new_source_title": "Letter from the colony's office"},
    )

    assert facility.sources.get().kind == "other"
