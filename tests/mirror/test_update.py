"""The proof that an update renders again everything an edit can change: after each kind of edit,
the mirror updated in place holds the same files as a full build made afterwards (but for the
date of the copy), while rendering far fewer pages."""

import datetime as dt
import re
import shutil

import pytest
from django.db import transaction
from django.utils import timezone, translation

from tests import factories as f
from tests.mirror.worlds import demo_with_few_people
from unheard.core.models import AuditEntry, PublicationState
from unheard.funds.models import Campaign, Channel
from unheard.funds.money import Money
from unheard.funds.services import donation_record
from unheard.mirror.build import MANIFEST, mirror_build
from unheard.mirror.update import record_ledger
from unheard.publishing.models import NewsPost
from unheard.registry.models import CaseDefendant, Facility, Person, TimelineEvent

pytestmark = pytest.mark.django_db

SHOWN = 12  # people kept public: enough for every kind of page, few enough for six full builds
MADE_AT = [
    re.compile(r'<div class="mirror-banner".*?</div>', re.DOTALL),  # the date of the copy
    re.compile(r"<(lastBuildDate|updated|pubDate)>[^<]*</\1>"),  # when a feed was made
    re.compile(r"^(DTSTAMP|LAST-MODIFIED):.*$", re.MULTILINE),  # when a calendar was made
    re.compile(r'"(created|generated|made|built)[a-z_]*": "[^"]*"'),  # when the data was made
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """The demo with only a few people public (the others made drafts), kept for the module."""
    with django_db_blocker.unblock(), transaction.atomic():
        demo_with_few_people(SHOWN)
        yield django_db_blocker
        AuditEntry.objects.all()._raw_delete(AuditEntry.objects.db)
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def updated(world, tmp_path_factory):
    """A mirror in English, updated in place after each edit."""
    out = tmp_path_factory.mktemp("updated") / "site"
    with world.unblock():
        mirror_build(out=out, languages=["en"])
    return out


def _files(out):
    return {
        str(path.relative_to(out)): path
        for path in out.rglob("*")
        if path.is_file()
        and not path.relative_to(out).parts[0].startswith("pagefind")
        and path.name != MANIFEST
    }


def _content(path):
    data = path.read_bytes()
    if path.suffix in (".pdf",):
        return b""  # a PDF carries the time it was made in its binary body
    text = data.decode("utf-8", errors="replace")
    for made_at in MADE_AT:
        text = made_at.sub("", text)
    return text


def _update_equals_full_build(out, tmp_path):
    started = timezone.now()
    report = mirror_build(out=out, languages=["en"], update=True)
    full_out = tmp_path / "full"
    shutil.rmtree(full_out.parent, ignore_errors=True)
    full = mirror_build(out=full_out, languages=["en"])
    assert timezone.now() - started < dt.timedelta(minutes=5)
    updated_files, full_files = _files(out), _files(full_out)
    assert (set(full_files) - set(updated_files), set(updated_files) - set(full_files)) == (
        set(),
        set(),
    )
    differing = [
        name for name, path in full_files.items() if _content(path) != _content(updated_files[name])
    ]
    first = differing[0] if differing else None
    assert differing == [], first and _difference(full_files[first], updated_files[first])
    return report, full


def _difference(full, updated):
    """The first lines that differ between a fully built file and an updated one."""
    import difflib  # noqa: PLC0415 - only to explain a failure

    lines = difflib.unified_diff(
        _content(full).splitlines(), _content(updated).splitlines(), lineterm="", n=1
    )
    return "\n".join(list(lines)[:40])


def _person(slug):
    return Person.objects.get(slug=slug)


def _an_edit_of_a_summary_renders_only_the_pages_showing_it(world, updated, tmp_path):
    with world.unblock():
        person = _person("azat-miftakhov")
        person.summary_en = "A summary rewritten for the update test."
        person.save()
        report, full = _update_equals_full_build(updated, tmp_path)
    assert "rewritten for the update test" in (
        updated / "en" / "people" / "azat-miftakhov" / "index.html"
    ).read_text(encoding="utf-8")
    assert 0 < report.rendered < full.rendered / 3


def _a_transfer_and_a_status_change(world, updated, tmp_path):
    with world.unblock():
        person = _person("azat-miftakhov")
        elsewhere = Facility.objects.public().exclude(pk=person.current_facility_id).first()
        TimelineEvent.objects.create(
            person=person,
            kind=TimelineEvent.Kind.TRANSFER,
            date=timezone.localdate(),
            facility=elsewhere,
            publication_state=PublicationState.PUBLISHED,
        )
        person.current_facility = elsewhere
        person.status = Person.Status.SERVING
        person.save()
        report, full = _update_equals_full_build(updated, tmp_path)
    assert report.rendered < full.rendered, report.why_everywhere


def _a_person_unpublished(world, updated, tmp_path):
    with world.unblock():
        person = Person.objects.public().exclude(slug="azat-miftakhov").order_by("slug").first()
        person.publication_state = PublicationState.DRAFT
        person.save()
        _update_equals_full_build(updated, tmp_path)
    assert not (updated / "en" / "people" / person.slug).exists()


def _a_new_person_published(world, updated, tmp_path):
    with world.unblock():
        case = _person("azat-miftakhov").cases.first()
        person = f.writable_person(slug="new-person-for-the-update-test")
        CaseDefendant.objects.create(person=person, case=case)
        _update_equals_full_build(updated, tmp_path)
    assert (updated / "en" / "people" / person.slug / "index.html").is_file()


def _a_donation(world, updated, tmp_path):
    with world.unblock():
        campaign = Campaign.objects.public().first()
        donation_record(
            money=Money(150_000, campaign.currency),
            received_on=timezone.localdate(),
            channel=Channel.BANK_TRANSFER,
            campaign=campaign,
        )
        report, full = _update_equals_full_build(updated, tmp_path)
    assert report.rendered < full.rendered, report.why_everywhere


def _a_news_post(world, updated, tmp_path):
    with world.unblock():
        post = NewsPost.objects.create(
            language="en",
            title="A hearing for the update test",
            slug="a-hearing-for-the-update-test",
            lead="The court heard the case.",
            body="<p>The court heard the case.</p>",
            publication_state=PublicationState.PUBLISHED,
            published_at=timezone.now(),
        )
        post.people.set([_person("azat-miftakhov")])
        _update_equals_full_build(updated, tmp_path)
    assert (updated / "en" / "news" / post.slug / "index.html").is_file()


def _nothing_changed_renders_nothing(world, updated, tmp_path):
    with world.unblock():
        report = mirror_build(out=updated, languages=["en"], update=True)
    # The mirror's own search page is made again but kept: it shows nothing of the record.
    assert report.rendered == 0, report.why_everywhere


EDITS = [
    _an_edit_of_a_summary_renders_only_the_pages_showing_it,
    _a_transfer_and_a_status_change,
    _a_person_unpublished,
    _a_new_person_published,
    _a_donation,
    _a_news_post,
    _nothing_changed_renders_nothing,
]


def test_after_each_kind_of_edit_an_update_equals_a_full_build(world, updated, tmp_path):
    """One test, the edits one after the other: the mirror updated in place remembers each."""
    for edit in EDITS:
        edit(world, updated, tmp_path / edit.__name__)


def test_the_ledger_is_the_same_whatever_language_is_active(world):
    """Translated models read `name` in the active language (modeltranslation): a ledger made
    while another language was active must not see every translated row as changed."""
    with world.unblock():
        with translation.override("ru"):
            in_russian = record_ledger()
        with translation.override("en"):
            in_english = record_ledger()
    assert in_russian == in_english
