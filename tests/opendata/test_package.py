"""The open data: a Frictionless Data Package that validates, of public records only."""

import csv
import io
import json
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from frictionless import Package

from unheard.core.models import AuditEntry, PublicationState
from unheard.opendata import package
from unheard.opendata.models import DataSnapshot
from unheard.opendata.services import snapshot_take
from unheard.registry.models import Facility, Person, TimelineEvent

pytestmark = pytest.mark.django_db


def _download(client, language, tmp_path):
    described = client.get(f"/{language}/data/datapackage.json").json()
    (tmp_path / "datapackage.json").write_text(json.dumps(described), encoding="utf-8")
    for resource in described["resources"]:
        response = client.get(f"/{language}/data/{resource['path']}")
        assert response.status_code == 200, resource["path"]
        (tmp_path / resource["path"]).write_bytes(response.content)
    return described


def _rows(client, language, name):
    text = client.get(f"/{language}/data/{name}.csv").content.decode("utf-8")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("language", ["ru", "en", "de", "fr"])
def test_the_package_validates_with_frictionless(demo, client, tmp_path, language):
    described = _download(client, language, tmp_path)
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    assert described["licenses"][0]["name"] == "CC-BY-4.0"
    names = {r["name"] for r in described["resources"]}
    assert {"people", "cases", "charges", "verdicts", "events", "facilities"} <= names
    assert {"articles", "actions"} <= names
    people = next(r for r in described["resources"] if r["name"] == "people")
    assert {
        "fields": "current_facility_id",
        "reference": {"resource": "facilities", "fields": "id"},
    } in people["schema"]["foreignKeys"]


def test_frictionless_finds_a_broken_foreign_key(demo, client, tmp_path):
    """The validation above can fail: a charge naming a person who is not in the table."""
    _download(client, "en", tmp_path)
    charges = (tmp_path / "charges.csv").read_text(encoding="utf-8").splitlines()
    first = charges[1].split(",")
    first[1] = "999999"
    charges[1] = ",".join(first)
    (tmp_path / "charges.csv").write_text("\r\n".join(charges) + "\r\n", encoding="utf-8")
    report = Package(str(tmp_path / "datapackage.json")).validate()
    assert not report.valid
    assert "foreign-key" in {
        error.type for error in report.tasks[0].errors + [e for t in report.tasks for e in t.errors]
    }


def test_only_public_people_and_fields(demo, client):
    person = Person.objects.public().order_by("pk").first()
    Person.objects.filter(pk=person.pk).update(
        publication_state=PublicationState.DRAFT, internal_notes="zqsecretx"
    )
    shown = Person.objects.public().order_by("pk").first()
    Person.objects.filter(pk=shown.pk).update(internal_notes="zqsecret2x")
    rows = _rows(client, "en", "people")
    ids = {row["id"] for row in rows}
    assert str(person.pk) not in ids and str(shown.pk) in ids
    assert len(rows) == Person.objects.public().count()
    for name in ("people", "charges", "events"):
        for suffix in ("csv", "json"):
            body = client.get(f"/en/data/{name}.{suffix}").content.decode()
            assert "zqsecret" not in body
    charges = _rows(client, "en", "charges")
    assert charges and str(person.pk) not in {row["person_id"] for row in charges}


def test_a_link_to_a_hidden_facility_is_left_empty(demo, client):
    event = TimelineEvent.objects.public().filter(facility__isnull=False).first()
    Facility.objects.filter(pk=event.facility_id).update(publication_state=PublicationState.DRAFT)
    row = next(r for r in _rows(client, "en", "events") if r["id"] == str(event.pk))
    assert row["facility_id"] == ""
    facilities = {r["id"] for r in _rows(client, "en", "facilities")}
    assert str(event.facility_id) not in facilities


def test_translated_text_follows_the_language_and_ids_do_not(demo, client):
    ru = {r["id"]: r for r in _rows(client, "ru", "people")}
    en = {r["id"]: r for r in _rows(client, "en", "people")}
    assert ru.keys() == en.keys()
    person = Person.objects.public().exclude(display_name_ru="").exclude(display_name_en="").first()
    assert ru[str(person.pk)]["display_name"] == person.display_name_ru
    assert en[str(person.pk)]["display_name"] == person.display_name_en
    assert set(ru[str(person.pk)]) == set(en[str(person.pk)])


def test_an_action_s_city_keeps_its_key_and_is_named_in_the_language(demo, client):
    for language, name in (("de", "Köln"), ("ru", "Кёльн"), ("fr", "Cologne")):
        rows = {r["slug"]: r for r in _rows(client, language, "actions")}
        cologne = rows["post-soviet-left-cologne"]
        assert (cologne["city"], cologne["city_name"]) == ("Cologne", name)


def test_json_matches_csv(demo, client):
    rows = json.loads(client.get("/en/data/cases.json").content)
    assert [str(r["id"]) for r in rows] == [r["id"] for r in _rows(client, "en", "cases")]
    assert isinstance(rows[0]["id"], int)


def test_the_index_page_links_every_file(demo, client):
    page = client.get("/de/data/").content.decode()
    for resource in package.RESOURCES:
        assert f'href="/de/data/{resource.name}.csv"' in page
        assert f'href="/de/data/{resource.name}.json"' in page
    assert 'href="/de/data/datapackage.json"' in page


def test_unknown_files_are_404(demo, client):
    assert client.get("/en/data/donors.csv").status_code == 404
    assert client.get("/en/data/snapshots/2020-01-01.zip").status_code == 404
    assert client.get("/en/data/snapshots/garbage.zip").status_code == 404


def test_a_snapshot_reproduces_its_day(demo, client):
    snapshot = snapshot_take(acting_user=None)
    counted = Person.objects.public().count()
    assert snapshot.counts["people"] == counted
    person = Person.objects.public().first()
    Person.objects.filter(pk=person.pk).update(publication_state=PublicationState.DRAFT)
    response = client.get(snapshot.get_absolute_url())
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(b"".join([response.content])))
    folder = f"unheard-data-{snapshot.day.isoformat()}"
    for language in ("ru", "en", "de", "fr"):
        assert f"{folder}/{language}/datapackage.json" in archive.namelist()
    people = archive.read(f"{folder}/en/people.csv").decode()
    assert len(list(csv.DictReader(io.StringIO(people)))) == counted
    assert len(_rows(client, "en", "people")) == counted - 1
    page = client.get("/en/data/").content.decode()
    assert snapshot.get_absolute_url() in page and f"{counted} people" in page
    assert AuditEntry.objects.filter(action="snapshot_take").count() == 1


def test_a_census_day_is_never_taken_twice(demo):
    snapshot_take(acting_user=None)
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError, match="already exists"):
        snapshot_take(acting_user=None)
    assert DataSnapshot.objects.count() == 1 and AuditEntry.objects.count() == entries
    with pytest.raises(CommandError, match="already exists"):
        call_command("snapshot")


def test_the_command_takes_a_snapshot(demo):
    out = io.StringIO()
    call_command("snapshot", stdout=out)
    assert "Snapshot of" in out.getvalue() and "people" in out.getvalue()
    assert DataSnapshot.objects.count() == 1


def test_the_statistics_table_holds_every_figure_as_the_page_counts_it(demo, client):
    from unheard.stats.figures import figures
    from unheard.stats.selectors import figure_count

    rows = _rows(client, "en", "statistics")
    assert {row["figure"] for row in rows} <= {figure.key for figure in figures()}
    held = figure_count(key="held")
    assert [(r["label"], r["measure"], r["value"]) for r in rows if r["figure"] == "held"] == [
        (line.label, "people", str(line.values[0])) for line in held.lines
    ]
    assert {row["as_of"] for row in rows} == {held.as_of.isoformat()}
