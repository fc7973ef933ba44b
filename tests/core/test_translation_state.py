"""Translation states: missing is an empty column, reviews hold only for the reviewed text."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from tests import factories as f
from unheard.core import translation_state as ts
from unheard.core.models import TranslationState

pytestmark = pytest.mark.django_db


@pytest.fixture
def person():
    return f.published(
        f.sourced(f.PersonFactory(summary_en="In English.", summary_ru="По-русски.", summary_de=""))
    )


def states(record):
    tracked = ts.tracked_field(model=type(record), name="summary")
    return ts.record_states(record, tracked)


def test_missing_draft_and_reviewed(person, make_staff):
    assert states(person) == {"ru": "draft", "en": "draft", "de": "missing", "fr": "missing"}
    translator = make_staff("tina", "translator")
    ts.translation_state_set(
        record=person, field_name="summary", language="en", state="reviewed", acting_user=translator
    )
    assert states(person)["en"] == "reviewed"
    stored = TranslationState.objects.get()
    assert stored.updated_by == translator and stored.language == "en"


def test_a_review_lapses_when_the_text_changes(person, make_staff):
    translator = make_staff("tina", "translator")
    ts.translation_state_set(
        record=person, field_name="summary", language="en", state="reviewed", acting_user=translator
    )
    person.summary_en = "In English, edited."
    person.save()
    assert states(person)["en"] == "draft"
    ts.translation_state_set(
        record=person, field_name="summary", language="en", state="reviewed", acting_user=translator
    )
    assert states(person)["en"] == "reviewed"
    ts.translation_state_set(
        record=person, field_name="summary", language="en", state="draft", acting_user=translator
    )
    assert states(person)["en"] == "draft"
    assert TranslationState.objects.count() == 1


def test_marking_is_refused_without_permission_or_text(person, make_staff):
    with pytest.raises(PermissionDenied):
        ts.translation_state_set(
            record=person,
            field_name="summary",
            language="en",
            state="reviewed",
            acting_user=make_staff("luca", "letter moderator"),
        )
    translator = make_staff("tina", "translator")
    for field_name, language, state in (
        ("summary", "de", "reviewed"),  # nothing to review
        ("summary", "xx", "reviewed"),
        ("summary", "en", "missing"),
        ("internal_notes", "en", "reviewed"),  # not a tracked field
    ):
        with pytest.raises(ValidationError):
            ts.translation_state_set(
                record=person,
                field_name=field_name,
                language=language,
                state=state,
                acting_user=translator,
            )
    assert not TranslationState.objects.exists()


def test_field_in_language_follows_the_fallback_order(person):
    assert ts.field_in_language(person, "summary", "de").language == "en"
    assert ts.field_in_language(person, "summary", "de").is_fallback
    assert not ts.field_in_language(person, "summary", "ru").is_fallback
    person.summary_en = ""
    assert ts.field_in_language(person, "summary", "fr").language == "ru"
    with translation.override("de"):
        assert ts.field_in_language(person, "summary").requested == "de"
    person.summary_ru = ""
    assert ts.field_in_language(person, "summary", "fr").text == ""


def test_coverage_counts_published_records_with_text(person, make_staff):
    f.PersonFactory(summary_en="A draft person.")  # unpublished: not counted
    f.published(f.sourced(f.PersonFactory(summary_en="", summary_ru="")))  # nothing to translate
    ts.translation_state_set(
        record=person,
        field_name="summary",
        language="ru",
        state="reviewed",
        acting_user=make_staff("tina", "translator"),
    )
    summary = next(
        c for c in ts.translation_coverage() if c.tracked.key == "registry.person.summary"
    )
    assert summary.total == 1
    by_language = {row.language: row for row in summary.languages}
    assert by_language["ru"].reviewed == 1 and by_language["ru"].draft == 0
    assert by_language["en"].translated == 1 and by_language["en"].draft == 1
    assert by_language["de"].missing == 1 and by_language["de"].percent == 0


def test_queue_puts_published_and_recently_updated_first(person):
    draft = f.PersonFactory(summary_en="Not yet public.")
    older = f.published(f.sourced(f.PersonFactory(summary_en="Older.")))
    type(older).objects.filter(pk=older.pk).update(updated_at="2020-01-01T00:00:00Z")
    queue, total = ts.translation_queue(language="de", state="missing")
    summaries = [item.record.pk for item in queue if item.tracked.name == "summary"]
    assert summaries == [person.pk, older.pk, draft.pk]
    # Each person also lacks a German display name (the factory writes it in English only).
    assert total == 6
    assert queue[0].states["de"] == "missing" and queue[0].is_published


def test_synthetic_records_are_left_out(person):
    synthetic = f.PersonFactory(summary_en="Generated.")
    type(synthetic).objects.filter(pk=synthetic.pk).update(is_synthetic=True)
    queue, _total = ts.translation_queue(language="fr", state="missing")
    assert synthetic.pk not in [item.record.pk for item in queue]
