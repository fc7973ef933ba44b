"""Sharing between instances: a member's signed feed, pulled by a hub over real HTTP.

The member's records are made here, its feed fetched from the site's own API, then the records
are deleted, so that this database plays the hub that has never seen them; the feed's bytes are
served by a real HTTP server on a free port.
"""

import base64
import collections
import datetime as dt
import hashlib
import http.server
import io
import json
import threading

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from PIL import Image

from tests import factories as f
from unheard.core.models import AuditEntry, PublicationState, Source
from unheard.core.visibility import confidential_fields
from unheard.registry import services as registry
from unheard.registry.models import (
    Article,
    Case,
    CaseDefendant,
    Charge,
    Designation,
    Facility,
    LegalCode,
    Organisation,
    Person,
    Recognition,
)
from unheard.sharing import keys
from unheard.sharing.models import Conflict, ImportedRecord
from unheard.sharing.records import KINDS
from unheard.sharing.services import (
    PullReport,
    conflict_resolve,
    peer_create,
    peer_pull,
    peer_update,
    system_user,
)
from unheard.sharing.tasks import pull_peers

pytestmark = pytest.mark.django_db


class FeedServer:
    """A real HTTP server on a free port answering every GET with `body`."""

    def __init__(self):
        self.body = b""
        self.files: dict[str, bytes] = {}  # other paths (photos) and their bytes
        self.fetched: collections.Counter[str] = collections.Counter()
        server = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                server.fetched[self.path] += 1
                body = server.files.get(self.path, server.body)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/v1/sharing/feed"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    found = FeedServer()
    yield found
    found.close()


def _member_records():
    facility = f.published(f.FacilityFactory(name_ru="СИЗО-1 по Тюменской области"))
    case = f.published(f.CaseFactory(summary_en="A case built on a planted device."))
    person = f.published(
        f.PersonFactory(
            current_facility=facility,
            birth_date=dt.date(1991, 1, 1),
            birth_date_precision="year",
            summary_en="Detained for a post.",
            internal_notes="SECRET-NOTE-of-the-member",
        )
    )
    f.defendant(person, case)
    draft = f.PersonFactory(display_name_en="Draft Person of the member")
    return person, draft


def _feed_bytes(client) -> bytes:
    response = client.get("/api/v1/sharing/feed")
    assert response.status_code == 200
    return response.content


def _payload(body: bytes) -> dict:
    return json.loads(json.loads(body)["payload"])


def _signed(payload: dict, key: Ed25519PrivateKey | None = None) -> bytes:
    key = key or keys.private_key()
    text = json.dumps(payload, ensure_ascii=False)
    envelope = {
        "format": "unheard-sharing/1",
        "key": keys.public_key_text(key),
        "payload": text,
        "signature": keys.sign(key, text.encode("utf-8")),
    }
    return json.dumps(envelope).encode()


@pytest.fixture
def member_feed(client):
    """The member's feed, then the member's records gone (this database is now the hub)."""
    _member_records()
    body = _feed_bytes(client)
    CaseDefendant.objects.all().delete()
    Person.objects.all().delete()
    Case.objects.all().delete()
    Facility.objects.all().delete()
    return body


@pytest.fixture
def peer(server):
    return peer_create(
        data={
            "name": "Member group",
            "slug": "member",
            "feed_url": server.url,
            "public_key": keys.public_key_text(keys.private_key()),
        },
        acting_user=None,
    )


def _pull(peer):
    return peer_pull(peer=peer, acting_user=system_user())


# The member's feed ----------------------------------------------------------------------------


def test_the_feed_carries_published_records_signed_with_the_published_key(client):
    person, draft = _member_records()
    body = _feed_bytes(client)
    envelope = json.loads(body)
    published_key = client.get("/api/v1/sharing/key").json()["key"]
    assert envelope["key"] == published_key
    assert keys.signature_valid(published_key, envelope["signature"], envelope["payload"].encode())
    records = _payload(body)["records"]
    assert [r["kind"] for r in records] == ["facility", "case", "person"]
    shared = next(r for r in records if r["kind"] == "person")
    assert shared["id"] == f"person:{person.pk}"
    assert shared["fields"]["current_facility"] == f"facility:{person.current_facility_id}"
    assert shared["fields"]["birth_date"] == "1991-01-01"
    assert shared["fields"]["cases"] == [[records[1]["id"], "defendant"]]
    text = body.decode()
    assert "SECRET-NOTE" not in text and "Draft Person" not in text
    assert "internal_notes" not in text and "photo" not in shared["fields"]


def test_the_version_changes_with_the_content_only(client):
    person, _draft = _member_records()
    first = {r["id"]: r["version"] for r in _payload(_feed_bytes(client))["records"]}
    assert first == {r["id"]: r["version"] for r in _payload(_feed_bytes(client))["records"]}
    registry.person_update(person=person, data={"summary_en": "Moved."}, acting_user=None)
    second = {r["id"]: r["version"] for r in _payload(_feed_bytes(client))["records"]}
    changed = [sender for sender in first if first[sender] != second[sender]]
    assert changed == [f"person:{person.pk}"]


def test_no_key_no_feed(client, settings, tmp_path):
    settings.UNHEARD_SHARING_PRIVATE_KEY = ""
    settings.UNHEARD_SHARING_KEY_FILE = tmp_path / "absent.key"
    response = client.get("/api/v1/sharing/feed")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_shared"


def test_sharing_keys_writes_a_key_file_once(settings, tmp_path, capsys):
    settings.UNHEARD_SHARING_PRIVATE_KEY = ""
    settings.UNHEARD_SHARING_KEY_FILE = tmp_path / "keys" / "sharing.key"
    call_command("sharing_keys")
    first = capsys.readouterr().out.strip()
    assert (tmp_path / "keys" / "sharing.key").stat().st_mode & 0o077 == 0
    call_command("sharing_keys")
    assert capsys.readouterr().out.strip() == first
    assert keys.public_key_valid(first)


# The hub's pull -------------------------------------------------------------------------------


def test_a_pull_imports_drafts_with_provenance(member_feed, server, peer):
    server.body = member_feed
    report = _pull(peer)
    assert (report.created, report.updated, report.conflicts) == (3, 0, 0)
    person = Person.objects.get()
    assert person.publication_state == PublicationState.DRAFT
    assert person.summary_en == "Detained for a post."
    assert person.birth_date_precision == "year"
    assert person.internal_notes == ""
    assert person.current_facility == Facility.objects.get()
    assert person.current_facility.name_ru == "СИЗО-1 по Тюменской области"
    assert list(person.cases.all()) == [Case.objects.get()]
    imported = ImportedRecord.objects.get(object_id=person.pk, content_type__model="person")
    assert str(imported).startswith("from Member group, record person:")
    audit = AuditEntry.objects.filter(action="person_create").get()
    assert audit.acting_user == system_user()
    peer.refresh_from_db()
    assert peer.last_result.startswith("3 new")


def test_a_second_pull_changes_nothing_then_takes_a_change(member_feed, server, peer):
    server.body = member_feed
    _pull(peer)
    assert _pull(peer).unchanged == 3
    payload = _payload(member_feed)
    shared = next(r for r in payload["records"] if r["kind"] == "person")
    shared["fields"]["summary_en"] = "Transferred to a colony."
    shared["version"] = "v2"
    server.body = _signed(payload)
    report = _pull(peer)
    assert (report.updated, report.unchanged) == (1, 2)
    assert Person.objects.get().summary_en == "Transferred to a colony."
    assert ImportedRecord.objects.get(sender_id=shared["id"]).version == "v2"


def test_a_local_edit_is_kept_and_a_conflict_waits_for_an_editor(
    member_feed, server, peer, make_staff
):
    server.body = member_feed
    _pull(peer)
    person = Person.objects.get()
    registry.person_update(person=person, data={"summary_en": "Edited here."}, acting_user=None)
    payload = _payload(member_feed)
    shared = next(r for r in payload["records"] if r["kind"] == "person")
    shared["fields"]["summary_en"] = "Changed at the member."
    shared["version"] = "v2"
    server.body = _signed(payload)
    assert _pull(peer).conflicts == 1
    assert Person.objects.get().summary_en == "Edited here."
    conflict = Conflict.objects.get()
    assert conflict.fields["summary_en"] == "Changed at the member."

    editor = make_staff("editor", "editor")
    conflict_resolve(conflict=conflict, take_peer=False, acting_user=editor)
    assert Person.objects.get().summary_en == "Edited here."
    assert _pull(peer).unchanged == 3
    with pytest.raises(ValidationError, match="resolved already"):
        conflict_resolve(conflict=conflict, take_peer=True, acting_user=editor)

    shared["fields"]["summary_en"] = "Changed again at the member."
    shared["version"] = "v3"
    server.body = _signed(payload)
    assert _pull(peer).conflicts == 1, "keeping the local record once is not for ever"
    again = Conflict.objects.get(resolution=Conflict.Resolution.OPEN)
    conflict_resolve(conflict=again, take_peer=True, acting_user=editor)
    assert Person.objects.get().summary_en == "Changed again at the member."


def test_the_back_office_shows_provenance_and_conflicts(member_feed, server, peer, client):
    server.body = member_feed
    _pull(peer)
    registry.person_update(
        person=Person.objects.get(), data={"summary_en": "Edited here."}, acting_user=None
    )
    payload = _payload(member_feed)
    next(r for r in payload["records"] if r["kind"] == "person")["version"] = "v2"
    server.body = _signed(payload)
    _pull(peer)
    client.force_login(_superuser())
    page = client.get("/admin/sharing/importedrecord/").content.decode()
    assert "Member group" in page and "person:" in page
    conflict = Conflict.objects.get()
    page = client.get(f"/admin/sharing/conflict/{conflict.pk}/change/").content.decode()
    assert "Edited here." in page and "Detained for a post." in page


def _superuser():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create_superuser("boss", "boss@example.org", "x")


# Refused feeds: a message, nothing written ----------------------------------------------------


def _refused(peer, match: str) -> None:
    people, audit = Person.objects.count(), AuditEntry.objects.count()
    with pytest.raises(ValidationError, match=match):
        _pull(peer)
    assert Person.objects.count() == people
    assert not ImportedRecord.objects.exists()
    assert AuditEntry.objects.count() == audit
    peer.refresh_from_db()
    assert peer.last_result.startswith("Refused:")


def test_a_bad_signature_is_refused(member_feed, server, peer):
    envelope = json.loads(member_feed)
    envelope["payload"] = envelope["payload"].replace("Detained for a post.", "Free.")
    server.body = json.dumps(envelope).encode()
    _refused(peer, "signature is not valid")


def test_a_feed_signed_by_an_unknown_key_is_refused(member_feed, server, peer):
    server.body = _signed(_payload(member_feed), Ed25519PrivateKey.generate())
    _refused(peer, "unknown for Member group")


def test_malformed_json_is_refused(member_feed, server, peer):
    server.body = member_feed[:-40]
    _refused(peer, "not valid JSON")


def test_a_record_that_fails_validation_refuses_the_whole_pull(member_feed, server, peer):
    payload = _payload(member_feed)
    person = next(r for r in payload["records"] if r["kind"] == "person")
    person["fields"]["birth_date"] = "the ninth of never"
    server.body = _signed(payload)
    _refused(peer, f"Record {person['id']} failed validation")
    assert not Facility.objects.exists(), "the facility before it was rolled back too"


def test_a_record_with_unknown_fields_is_refused(member_feed, server, peer):
    payload = _payload(member_feed)
    payload["records"][0]["fields"]["internal_notes"] = "hello"
    server.body = _signed(payload)
    _refused(peer, "unknown fields: internal_notes")


def test_an_unreachable_feed_is_refused(peer):
    closed = FeedServer()
    closed.close()
    peer = peer_update(peer=peer, data={"feed_url": closed.url}, acting_user=None)
    _refused(peer, "could not be fetched")


def test_a_peer_key_must_be_an_ed25519_key():
    with pytest.raises(ValidationError, match="Ed25519"):
        peer_create(
            data={
                "name": "X",
                "slug": "x",
                "feed_url": "https://example.org/api/v1/sharing/feed",
                "public_key": base64.b64encode(b"short").decode(),
            },
            acting_user=None,
        )


def test_the_command_pulls_one_peer(member_feed, server, peer, capsys):
    server.body = member_feed
    call_command("sharing_pull", peer="member")
    assert "3 new" in capsys.readouterr().out
    with pytest.raises(Exception, match="No peer"):
        call_command("sharing_pull", peer="nobody")


def test_the_background_task_pulls_every_active_peer(member_feed, server, peer):
    server.body = member_feed
    dormant = {"name": "Dormant", "slug": "dormant", "is_active": False}
    peer_create(
        data={"feed_url": server.url, "public_key": peer.public_key, **dormant}, acting_user=None
    )
    result = pull_peers.enqueue()
    assert result.return_value == {"Member group": str(PullReport(created=3))}
    assert ImportedRecord.objects.filter(peer=peer).count() == 3


# The whole record: sources, charges with their articles, verdicts, events, aliases,
# recognitions by organisations, state designations --------------------------------------------


def _organisation(slug: str, name: str) -> Organisation:
    return Organisation.objects.create(
        slug=slug, name=name, name_en=name, kind="human_rights", url=f"https://{slug}.example"
    )


def _whole_record():
    """A published person with a charge, a verdict, a transfer, a recognition, a designation and
    sources; beside them facts the public must not see (a draft charge, a draft event, a draft
    recognition by an organisation nothing public names, a designation of a draft person, a
    source's internal note)."""
    person, draft = _member_records()
    case = person.cases.get()
    colony = f.published(f.FacilityFactory(name_en="IK-2 colony"))
    report = f.SourceFactory(title="Court report", note="SECRET-SOURCE-NOTE")
    f.sourced(person, report)
    charge = f.published(f.sourced(f.charge(person, case, "205.4", part="2"), report))
    f.published(f.verdict(person, case, dt.date(2024, 3, 1), judge="Judge Testova"))
    f.published(
        f.event(person, "transfer", dt.date(2024, 6, 1), facility=colony, place_en="Tyumen")
    )
    f.charge(person, case, "205.2", part="SECRET-DC")  # a part holds 10 characters
    f.event(person, "shizo", dt.date(2024, 7, 1), description_en="SECRET-DRAFT-EVENT")
    registry.alias_add(
        person=person, data={"name": "Ivan Testoff", "language": "en"}, acting_user=None
    )
    centre = _organisation("rights-centre", "Test Rights Centre")
    f.published(
        f.sourced(
            Recognition.objects.create(
                person=person, organisation=centre, date=dt.date(2024, 5, 1), date_precision="month"
            ),
            report,
        )
    )
    f.published(
        Designation.objects.create(
            person=person, register="rosfinmonitoring", added_on=dt.date(2023, 2, 1)
        )
    )
    Recognition.objects.create(person=person, organisation=_organisation("zq-org", "SECRET-ORG"))
    f.published(Designation.objects.create(person=draft, register="foreign_agents"))
    return person, charge


@pytest.fixture
def whole_feed(client):
    """The member's feed of a whole record, then the member's records gone, its code of law
    and articles too (the hub has never heard of them)."""
    _whole_record()
    body = _feed_bytes(client)
    Charge.objects.all().delete()
    Article.objects.all().delete()
    LegalCode.objects.all().delete()
    CaseDefendant.objects.all().delete()
    Person.objects.all().delete()
    Organisation.objects.all().delete()
    Case.objects.all().delete()
    Facility.objects.all().delete()
    Source.objects.all().delete()
    return body


def _record(payload: dict, kind: str) -> dict:
    return next(r for r in payload["records"] if r["kind"] == kind)


def test_the_feed_carries_public_facts_only(client):
    person, charge = _whole_record()
    body = _feed_bytes(client)
    records = _payload(body)["records"]
    kinds = [r["kind"] for r in records]
    assert kinds == sorted(kinds, key=list(KINDS).index)
    assert kinds.count("charge") == kinds.count("verdict") == kinds.count("event") == 1
    assert kinds.count("recognition") == kinds.count("designation") == 1
    assert kinds.count("organisation") == 1
    shared = _record(_payload(body), "charge")
    assert shared["fields"]["person"] == f"person:{person.pk}"
    assert shared["fields"]["article"] == "article:uk-rf/205.4"
    assert shared["fields"]["sources"] == [_record(_payload(body), "source")["id"]]
    assert _record(_payload(body), "person")["fields"]["aliases"] == [
        ["Ivan Testoff", "spelling", "en"]
    ]
    article = _record(_payload(body), "article")["fields"]
    assert article["code"] == "uk-rf" and article["code_short_name_ru"] == "УК РФ"
    recognition = _record(_payload(body), "recognition")["fields"]
    assert recognition["organisation"] == "organisation:rights-centre"
    assert (
        recognition["date"] == "2024-05-01"
        and recognition["sources"] == shared["fields"]["sources"]
    )
    assert _record(_payload(body), "organisation")["fields"]["name_en"] == "Test Rights Centre"
    designation = _record(_payload(body), "designation")["fields"]
    assert designation["person"] == f"person:{person.pk}"
    assert designation["register"] == "rosfinmonitoring"
    text = body.decode()
    for secret in ("SECRET-SOURCE-NOTE", "SECRET-DC", "SECRET-DRAFT-EVENT", "SECRET-ORG", "zq-org"):
        assert secret not in text
    assert '"note"' not in text


def test_no_shared_field_is_confidential():
    confidential = confidential_fields()
    for kind in KINDS.values():
        assert not set(kind.all_names()) & set(confidential.get(kind.model, ())), kind.name


def test_a_whole_record_round_trips_as_drafts_with_provenance(whole_feed, server, peer):
    server.body = whole_feed
    report = _pull(peer)
    # source, 2 facilities, case, person, charge, verdict, event, recognition, designation; the
    # article and the organisation are reference data, not counted
    assert (report.created, report.conflicts) == (10, 0)
    person = Person.objects.get()
    charge, verdict, event = person.charges.get(), person.verdicts.get(), person.events.get()
    recognition, designation = person.recognitions.get(), person.designations.get()
    for fact in (person, charge, verdict, event, recognition, designation):
        assert fact.publication_state == PublicationState.DRAFT
    assert (recognition.organisation.slug, recognition.organisation.name_en) == (
        "rights-centre",
        "Test Rights Centre",
    )
    assert (recognition.date, recognition.date_precision) == (dt.date(2024, 5, 1), "month")
    assert (designation.register, designation.added_on) == ("rosfinmonitoring", dt.date(2023, 2, 1))
    assert (charge.article.number, charge.article.code.slug, charge.part) == ("205.4", "uk-rf", "2")
    assert charge.article.title_en == "Organising a terrorist community and participating in it"
    assert charge.case == person.cases.get()
    assert (verdict.judge, verdict.term_years, verdict.court_en) == (
        "Judge Testova",
        6,
        "Test District Court",
    )
    assert (event.kind, event.place_en, event.facility.name_en) == (
        "transfer",
        "Tyumen",
        "IK-2 colony",
    )
    source = Source.objects.get()
    assert source.title == "Court report" and source.note == ""
    assert list(charge.sources.all()) == list(person.sources.all()) == [source]
    assert list(recognition.sources.all()) == [source]
    assert list(person.aliases.values_list("name", flat=True)) == ["Ivan Testoff"]
    imported = ImportedRecord.objects.get(content_type__model="charge")
    assert imported.record == charge and str(imported).startswith(
        "from Member group, record charge:"
    )
    assert ImportedRecord.objects.get(content_type__model="designation").record == designation
    assert _pull(peer).unchanged == 10


def test_children_before_their_parents_do_not_break_the_pull(whole_feed, server, peer):
    payload = _payload(whole_feed)
    payload["records"].reverse()
    server.body = _signed(payload)
    assert _pull(peer).created == 10
    assert Charge.objects.get().person == Person.objects.get()


def test_a_changed_charge_updates_the_draft(whole_feed, server, peer):
    server.body = whole_feed
    _pull(peer)
    payload = _payload(whole_feed)
    shared = _record(payload, "charge")
    shared["fields"]["status"] = "convicted"
    shared["version"] = "v2"
    server.body = _signed(payload)
    report = _pull(peer)
    assert (report.updated, report.unchanged, report.conflicts) == (1, 9, 0)
    assert Charge.objects.get().status == "convicted"


def test_a_changed_designation_updates_its_draft(whole_feed, server, peer):
    server.body = whole_feed
    _pull(peer)
    payload = _payload(whole_feed)
    shared = _record(payload, "designation")
    shared["fields"] |= {"removed_on": "2025-01-10", "removed_on_precision": "day"}
    shared["version"] = "v2"
    server.body = _signed(payload)
    report = _pull(peer)
    assert (report.updated, report.unchanged, report.conflicts) == (1, 9, 0)
    designation = Designation.objects.get()
    assert designation.removed_on == dt.date(2025, 1, 10)
    assert designation.publication_state == PublicationState.DRAFT


def test_a_recognition_edited_here_is_kept_in_a_conflict(whole_feed, server, peer, make_staff):
    server.body = whole_feed
    _pull(peer)
    registry.fact_update(
        fact=Recognition.objects.get(), data={"date_precision": "year"}, acting_user=None
    )
    payload = _payload(whole_feed)
    shared = _record(payload, "recognition")
    shared["fields"]["date"] = "2024-05-20"
    shared["fields"]["date_precision"] = "day"
    shared["version"] = "v2"
    server.body = _signed(payload)
    assert _pull(peer).conflicts == 1
    recognition = Recognition.objects.get()
    assert (recognition.date, recognition.date_precision) == (dt.date(2024, 5, 1), "year")
    conflict_resolve(
        conflict=Conflict.objects.get(),
        take_peer=True,
        acting_user=make_staff("editor", "editor"),
    )
    recognition.refresh_from_db()
    assert (recognition.date, recognition.date_precision) == (dt.date(2024, 5, 20), "day")


def test_an_organisation_known_here_is_used_and_never_changed(whole_feed, server, peer):
    here = _organisation("rights-centre", "Rights Centre as named here")
    server.body = whole_feed
    _pull(peer)
    assert Recognition.objects.get().organisation == here
    here.refresh_from_db()
    assert here.name_en == "Rights Centre as named here"


def test_a_charge_edited_here_is_kept_in_a_conflict(whole_feed, server, peer, make_staff):
    server.body = whole_feed
    _pull(peer)
    registry.fact_update(fact=Charge.objects.get(), data={"part": "1"}, acting_user=None)
    payload = _payload(whole_feed)
    shared = _record(payload, "charge")
    shared["fields"]["status"] = "convicted"
    shared["version"] = "v2"
    server.body = _signed(payload)
    assert _pull(peer).conflicts == 1
    charge = Charge.objects.get()
    assert (charge.part, charge.status) == ("1", "charged")
    conflict = Conflict.objects.get()
    conflict_resolve(conflict=conflict, take_peer=True, acting_user=make_staff("editor", "editor"))
    charge.refresh_from_db()
    assert (charge.part, charge.status) == ("2", "convicted")


def test_a_bad_child_row_refuses_the_whole_pull(whole_feed, server, peer):
    payload = _payload(whole_feed)
    verdict = _record(payload, "verdict")
    verdict["fields"]["term_months"] = 15
    server.body = _signed(payload)
    _refused(peer, f"Record {verdict['id']} failed validation: term_months: ")
    assert not Charge.objects.exists() and not Source.objects.exists()
    assert not Article.objects.exists(), "the article added before it was rolled back too"


def test_a_bad_designation_refuses_the_whole_pull(whole_feed, server, peer):
    payload = _payload(whole_feed)
    designation = _record(payload, "designation")
    designation["fields"]["register"] = "enemies_of_the_people"
    server.body = _signed(payload)
    _refused(peer, f"Record {designation['id']} failed validation: register: ")
    assert not Organisation.objects.exists(), "the organisation added before it was rolled back"


def test_a_recognition_by_an_organisation_not_in_the_feed_is_refused(whole_feed, server, peer):
    payload = _payload(whole_feed)
    recognition = _record(payload, "recognition")
    recognition["fields"]["organisation"] = "organisation:nobody"
    server.body = _signed(payload)
    _refused(peer, "organisation organisation:nobody is not in the feed")


def test_a_charge_naming_a_person_not_in_the_feed_is_refused(whole_feed, server, peer):
    payload = _payload(whole_feed)
    charge = _record(payload, "charge")
    charge["fields"]["person"] = "person:999999"
    server.body = _signed(payload)
    _refused(peer, "person person:999999 is not in the feed")


def test_a_charge_in_a_new_case_waits_while_its_person_is_in_conflict(
    whole_feed, server, peer, make_staff
):
    server.body = whole_feed
    _pull(peer)
    registry.person_update(
        person=Person.objects.get(), data={"summary_en": "Edited here."}, acting_user=None
    )
    payload = _payload(whole_feed)
    person, charge = _record(payload, "person"), _record(payload, "charge")
    second_case = {"name_en": "Second", "slug": "second"}
    new_case = {"kind": "case", "id": "case:999", "version": "v1", "fields": second_case}
    person["fields"]["cases"].append(["case:999", "defendant"])
    person["version"] = "v2"
    second = {**charge, "id": "charge:999", "fields": {**charge["fields"], "case": "case:999"}}
    payload["records"] += [second, new_case]
    server.body = _signed(payload)
    report = _pull(peer)
    assert (report.created, report.conflicts, report.waiting) == (1, 1, 1)
    assert "1 fact waits until the conflict of its person is resolved" in str(report)
    assert Charge.objects.count() == 1 and Case.objects.count() == 2

    conflict_resolve(
        conflict=Conflict.objects.get(), take_peer=True, acting_user=make_staff("editor", "editor")
    )
    report = _pull(peer)
    assert (report.created, report.waiting) == (1, 0)
    assert Charge.objects.get(case__name_en="Second").person == Person.objects.get()


# Photos: only with consent, downloaded when their hash changes --------------------------------


def _jpeg(colour: str) -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (40, 30), colour).save(output, format="JPEG")
    return output.getvalue()


def _with_photo(person, content: bytes, *, credit: str, consent: bool):
    person.photo.save(f"{person.slug}.jpg", ContentFile(content), save=False)
    person.photo_credit, person.photo_consent = credit, consent
    person.save()
    return person


@pytest.fixture
def photo_feed(client, server, settings):
    """The member's feed of a person with a photo published with consent (served at the member's
    address, the server's) and of one whose photo has no consent; then the records gone."""
    settings.UNHEARD_SITE_URL = server.url.split("/api/")[0]
    person, _draft = _member_records()
    _with_photo(person, _jpeg("red"), credit="Photo: the family", consent=True)
    hidden = f.published(f.PersonFactory(display_name_en="Without consent"))
    _with_photo(hidden, _jpeg("blue"), credit="SECRET-CREDIT", consent=False)
    body = _feed_bytes(client)
    server.files[person.photo.url] = _jpeg("red")
    CaseDefendant.objects.all().delete()
    Person.objects.all().delete()
    Case.objects.all().delete()
    Facility.objects.all().delete()
    server.body = body
    return body


def _photo_version(payload: dict, content: bytes | None, version: str) -> str:
    """The person's record of `payload` with another photo (None: none published), at `version`;
    returns the photo's path."""
    shared = next(r for r in payload["records"] if r["fields"].get("photo_url"))
    shared["version"] = version
    if content is None:
        shared["fields"] |= dict.fromkeys(("photo_url", "photo_sha256", "photo_credit"))
        return ""
    shared["fields"]["photo_sha256"] = hashlib.sha256(content).hexdigest()
    return shared["fields"]["photo_url"].split("/", 3)[3]


def _photos_fetched(server) -> int:
    return sum(count for path, count in server.fetched.items() if path.startswith("/media/"))


def test_a_consented_photo_is_downloaded_once_and_follows_the_peer(photo_feed, server, peer):
    text = photo_feed.decode()
    assert "SECRET-CREDIT" not in text and text.count("photo_sha256") == 2
    assert _pull(peer).created == 4
    person = Person.objects.get(photo_consent=True)
    assert person.photo_credit == "Photo: the family"
    assert Image.open(person.photo.open("rb")).size == (40, 30)
    assert not Person.objects.get(display_name_en="Without consent").photo
    assert _photos_fetched(server) == 1

    payload = _payload(photo_feed)
    shared = next(r for r in payload["records"] if r["fields"].get("photo_url"))
    shared["fields"]["summary_en"] = "Moved."
    shared["version"] = "v2"
    server.body = _signed(payload)
    assert _pull(peer).updated == 1
    assert _photos_fetched(server) == 1, "the same hash: not downloaded again"

    photo_path = "/" + _photo_version(payload, _jpeg("green"), "v3")
    server.files[photo_path] = _jpeg("green")
    server.body = _signed(payload)
    assert _pull(peer).updated == 1
    assert server.fetched[photo_path] == 2
    person.refresh_from_db()
    assert Image.open(person.photo.open("rb")).getpixel((20, 15))[1] > 100  # green now

    _photo_version(payload, None, "v4")  # consent withdrawn at the member
    server.body = _signed(payload)
    assert _pull(peer).updated == 1
    person.refresh_from_db()
    assert (bool(person.photo), person.photo_consent, person.photo_credit) == (False, False, "")


def test_a_photo_changed_here_is_kept_in_a_conflict(photo_feed, server, peer):
    _pull(peer)
    person = Person.objects.get(photo_consent=True)
    registry.person_update(
        person=person,
        data={"photo": ContentFile(_jpeg("white"), name="here.jpg")},
        acting_user=None,
    )
    person.refresh_from_db()
    here = person.photo.name
    payload = _payload(photo_feed)
    server.files["/" + _photo_version(payload, _jpeg("green"), "v2")] = _jpeg("green")
    server.body = _signed(payload)
    assert _pull(peer).conflicts == 1
    person.refresh_from_db()
    assert person.photo.name == here and person.photo.read() == _jpeg("white")


def test_a_photo_unlike_its_hash_or_not_a_picture_refuses_the_pull(photo_feed, server, peer):
    path = next(p for p in server.files)
    server.files[path] = _jpeg("black")
    _refused(peer, "photo_sha256: The photo differs from its hash")
    payload = _payload(photo_feed)
    server.files["/" + _photo_version(payload, b"not a picture", "v2")] = b"not a picture"
    server.body = _signed(payload)
    _refused(peer, "not a JPEG or PNG picture")


# Photo files: a refused pull leaves the media folder as it was --------------------------------


@pytest.fixture
def media_folder(settings, tmp_path):
    """Photos stored in a real folder on disk (the tests' storage is in memory otherwise)."""
    folder = tmp_path / "media"
    settings.MEDIA_ROOT = folder
    settings.STORAGES = settings.STORAGES | {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    }
    return folder


def _files(folder) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _refused_leaving_files(peer, folder, match: str) -> None:
    before, imported = _files(folder), list(ImportedRecord.objects.values())
    with pytest.raises(ValidationError, match=match):
        _pull(peer)
    assert _files(folder) == before
    assert list(ImportedRecord.objects.values()) == imported


def test_a_pull_refused_after_storing_a_photo_leaves_the_media_folder_as_it_was(
    media_folder, photo_feed, server, peer
):
    payload = _payload(photo_feed)
    shared = next(r for r in payload["records"] if r["fields"].get("photo_url"))
    payload["records"].append(
        {
            "kind": "designation",
            "id": "designation:999",
            "version": "v1",
            "fields": {"person": shared["id"], "register": "enemies_of_the_people"},
        }
    )
    server.body = _signed(payload)
    _refused_leaving_files(peer, media_folder, "Record designation:999 failed validation")
    assert _photos_fetched(server) == 1, "the photo was stored before the refusal"

    second = json.loads(json.dumps(shared)) | {"id": "person:999999"}
    second["fields"] |= {"slug": "second-person", "photo_sha256": "0" * 64}
    payload["records"][-1] = second  # its photo differs from its hash, after the first's
    server.body = _signed(payload)
    _refused_leaving_files(peer, media_folder, "photo_sha256: The photo differs from its hash")


def test_a_refused_change_of_photo_leaves_the_media_folder_as_it_was(
    media_folder, photo_feed, server, peer
):
    _pull(peer)
    person = Person.objects.get(photo_consent=True)
    kept = person.photo.name
    payload = _payload(photo_feed)
    server.files["/" + _photo_version(payload, _jpeg("green"), "v2")] = _jpeg("green")
    payload["records"].append(
        {
            "kind": "event",
            "id": "event:999",
            "version": "v1",
            "fields": {"person": "person:0", "kind": "transfer"},
        }
    )
    server.body = _signed(payload)
    _refused_leaving_files(peer, media_folder, "person person:0 is not in the feed")
    person.refresh_from_db()
    assert person.photo.name == kept and (media_folder / kept).is_file()

    payload["records"].pop()
    server.body = _signed(payload)
    assert _pull(peer).updated == 1
    person.refresh_from_db()
    assert person.photo.name != kept
    assert (media_folder / kept).is_file(), "the earlier photo stays: its history names it"
