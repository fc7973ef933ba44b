"""The synthetic data generator and `unheard reindex`."""

import pytest
from django.core.management import CommandError, call_command

from tests.factories import PersonFactory, published
from unheard.core.models import PublicationState
from unheard.demo.synthetic import SyntheticDataRefused, people_synthesise, synthetic_purge
from unheard.registry.models import Case, Charge, Facility, Person
from unheard.search.models import SearchEntry
from unheard.search.selectors import search

pytestmark = pytest.mark.django_db


def test_synth_refuses_on_a_database_with_real_published_people():
    published(PersonFactory())
    with pytest.raises(SyntheticDataRefused):
        people_synthesise(count=5)
    with pytest.raises(CommandError, match="real published people"):
        call_command("synth", people=5)
    assert not Person.objects.filter(is_synthetic=True).exists()


def test_synth_runs_with_force_next_to_drafts_only():
    PersonFactory()  # a draft is not published data
    people_synthesise(count=3)
    published(PersonFactory())
    people_synthesise(count=2, force=True)
    assert Person.objects.filter(is_synthetic=True).count() == 5


def test_synth_makes_unique_marked_people_with_a_case_a_facility_and_a_charge(client):
    call_command("synth", people=200, seed=3)
    people = Person.objects.filter(is_synthetic=True)
    assert people.count() == 200
    names = set(people.values_list("surname", "given_name", "patronymic"))
    assert len(names) == 200
    person = people.select_related("current_facility").first()
    assert person.publication_state == PublicationState.PUBLISHED
    assert person.current_facility is not None
    assert Charge.objects.filter(person=person).count() == 1
    assert person.cases.count() == 1
    # Cases and facilities stay drafts; no public page shows a synthetic person.
    assert not Case.objects.filter(
        slug__startswith="synthetic-", publication_state="published"
    ).exists()
    assert not Facility.objects.filter(
        slug__startswith="synthetic-", publication_state="published"
    ).exists()
    assert client.get(f"/en/people/{person.slug}/").status_code == 404
    assert person.display_name_en not in client.get("/en/people/").content.decode()
    # Indexed, marked, and found only when synthetic people are asked for.
    assert SearchEntry.objects.filter(kind="person", is_synthetic=True).count() >= 600
    assert search(person.display_name_en, "en", 5) == []
    found = search(person.display_name_en, "en", 5, include_synthetic=True)
    assert person.slug in [r.slug for r in found]
    assert client.get("/api/v1/search", {"q": person.display_name_en}).json()["results"] == []


def test_synth_same_seed_twice_adds_new_names():
    people_synthesise(count=50, seed=1)
    people_synthesise(count=50, seed=1)
    names = Person.objects.filter(is_synthetic=True).values_list(
        "surname", "given_name", "patronymic"
    )
    assert len(set(names)) == 100


def test_purge_removes_synthetic_data_only():
    real = published(PersonFactory())
    people_synthesise(count=30, force=True)
    call_command("synth", purge=True)
    assert list(Person.objects.all()) == [real]
    assert not Case.objects.filter(slug__startswith="synthetic-").exists()
    assert not Facility.objects.filter(slug__startswith="synthetic-").exists()
    assert not SearchEntry.objects.filter(is_synthetic=True).exists()
    assert synthetic_purge() == 0


def test_synth_needs_a_count():
    with pytest.raises(CommandError):
        call_command("synth")


def test_reindex_rebuilds_what_signals_missed(capsys):
    person = published(PersonFactory(surname="Переиндексов", display_name_en="Ivan Pereindeksov"))
    SearchEntry.objects.all().delete()
    assert search("Pereindeksov", "en", 5) == []
    call_command("reindex")
    assert search("Pereindeksov", "en", 5)[0].slug == person.slug
    assert "person:" in capsys.readouterr().out
