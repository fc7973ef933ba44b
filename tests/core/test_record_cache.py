"""The record's version in parts (core/record_cache.py): a change replaces the version of its
app's part and the whole record's; a value kept for some parts outlives changes of the others;
changes no public page can show replace nothing."""

import datetime as dt

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests import factories as f
from unheard.core import record_cache
from unheard.core.plugins import figure_sources, public_record_models
from unheard.letters import services as letters
from unheard.letters.models import Letter, LetterStatusChange, RateLimitHit
from unheard.stats import selectors as stats

pytestmark = pytest.mark.django_db


def versions() -> dict:
    """The whole record's version and each part's."""
    parts = {part: record_cache.record_version([part]) for part in record_cache.record_parts()}
    return {None: record_cache.record_version(), **parts}


def replaced(before: dict) -> set:
    """The parts (None: the whole record) whose version changed since `before`."""
    return {part for part, version in versions().items() if version != before[part]}


def donate() -> None:
    from unheard.funds.models import Channel
    from unheard.funds.money import Money
    from unheard.funds.selectors import reporting_currency
    from unheard.funds.services import donation_record

    donation_record(
        money=Money(2500, reporting_currency()),
        received_on=dt.date.today(),
        channel=Channel.CASH,
    )


def queries_of(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def once_watched(model) -> bool:
    """Whether a change of `model` replaced the record's single version before it had parts."""
    declared = set(public_record_models()) | {f"{app.label}.*" for app, _ in figure_sources()}
    return model._meta.label in declared or f"{model._meta.app_label}.*" in declared


def test_every_watched_model_replaces_its_part_and_the_whole_record():
    private = record_cache._private()
    watched = [model for model in apps.get_models() if once_watched(model)]
    assert len(watched) > 40
    for model in watched:
        before = versions()
        record_cache._on_change(sender=model)
        label = model._meta.label
        if label in private and not private[label].when:
            assert replaced(before) == set(), label
            continue
        part = "registry" if model._meta.app_label == "core" else model._meta.app_label
        assert replaced(before) == {None, part}, label


def test_every_change_of_every_part_drops_the_whole_record():
    before = versions()
    record_cache.record_changed()
    assert replaced(before) == set(versions())


def test_a_part_nobody_changes_is_refused():
    with pytest.raises(ValueError, match="Not a part of the record: regsitry"):
        record_cache.cached("anything", lambda: 1, parts=("regsitry",))


def test_a_donation_leaves_the_people_list_and_the_registry_figures_warm(client):
    f.writable_person()
    client.get("/en/people/")
    warm = queries_of(client, "/en/people/")
    stats.figures_count()
    before = versions()

    donate()

    assert replaced(before) == {None, "funds"}
    assert queries_of(client, "/en/people/") == warm
    with CaptureQueriesContext(connection) as counted:
        figures = stats.figures_count()
    # Only the funds' figure (aid given) is counted again, from the funds' records.
    assert {figure.figure.key for figure in figures} >= {"aid-given", "letters", "held"}
    assert counted.captured_queries and all(
        "funds_" in query["sql"] for query in counted.captured_queries
    )


def test_a_person_published_or_withdrawn_counts_again(client):
    person = f.writable_person()
    client.get("/en/people/")
    warm = queries_of(client, "/en/people/")
    before = versions()
    person.publication_state = "draft"
    person.save()
    assert {None, "registry"} <= replaced(before) <= {None, "registry", "search"}
    assert queries_of(client, "/en/people/") > warm


def test_a_letter_counts_nowhere_until_it_is_approved(django_user_model):
    person = f.writable_person()
    before = versions()
    letter = letters.letter_submit(
        person=person,
        author_name="Anna",
        author_email="anna@example.org",
        author_ip="192.0.2.7",
        language="ru",
        interface_language="ru",
        text="Держитесь, мы с вами.",
        rules_accepted=True,
    )
    assert RateLimitHit.objects.exists() and letter.notifications.exists()
    # The e-mail, sent after the commit, carries a link to confirm it.
    letter.tokens.create(purpose="confirm", token_hash="0" * 64, expires_at=timezone.now())
    letter.status = Letter.Status.CONFIRMED
    letter.save()
    assert replaced(before) == set()

    moderator = django_user_model.objects.create_superuser("boss", "boss@example.org", "pw")
    letters.letter_approve(letter=letter, acting_user=moderator)
    assert replaced(before) == {None, "letters"}


@pytest.mark.parametrize(
    ("status", "private"),
    [
        ("submitted", True),
        ("in_moderation", True),
        ("rejected", True),
        ("approved", False),  # a letter returned undelivered is approved again: one sent less
        ("sent", False),
        ("returned", False),
    ],
)
def test_which_letters_and_steps_of_their_history_change_nothing_public(status, private):
    letter = f.LetterFactory(status=status)
    step = LetterStatusChange(letter=letter, status=status, actor="staff")
    assert (record_cache._changed_part(Letter, letter) is None) is private
    step_private = status not in ("approved", "delivered")
    assert (record_cache._changed_part(LetterStatusChange, step) is None) is step_private


def test_a_rate_limit_hit_keeps_the_pages(client, settings):
    settings.UNHEARD_PAGE_CACHE_SECONDS = 300
    person = f.writable_person()
    url = f"/en/people/{person.slug}/"
    client.get(url)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    RateLimitHit.objects.create(scope="ip", key_hash="0" * 64)
    assert client.get(url)["X-Page-Cache"] == "HIT"
    donate()
    assert client.get(url)["X-Page-Cache"] == "MISS"


def test_each_part_has_a_file_of_its_own_next_to_the_file_cache(settings, tmp_path):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path),
        }
    }
    before = versions()
    record_cache.record_changed("funds")
    assert replaced(before) == {None, "funds"}
    assert (tmp_path / "record-version.funds").read_text() == record_cache.record_version(["funds"])
    (tmp_path / "record-version.registry").unlink()
    assert record_cache.record_version(["registry"]) not in ("", before["registry"])
    assert record_cache.record_version(["registry", "letters"]) == "-".join(
        record_cache.record_version([part]) for part in ("letters", "registry")
    )
