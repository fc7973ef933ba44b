"""The demo registry from the seed documents: complete, sourced, valid and idempotent."""

import datetime as dt
import re
from decimal import Decimal

import pytest

from unheard.core.models import PublicationState
from unheard.registry import models
from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db
CYRILLIC = re.compile(r"^[А-ЯЁа-яё\- ]+$")
FACT_MODELS = [models.Charge, models.Verdict, models.TimelineEvent, models.Recognition]


@pytest.fixture
def demo():
    return demo_load()


def test_loads_every_person_of_the_seed_book(demo):
    assert demo.created["people"] == models.Person.objects.count() == 63
    tyumen = models.Case.objects.get(slug="tyumen-case")
    assert sorted(tyumen.defendants.values_list("display_name_en", flat=True)) == [
        "Danil Chertykov",
        "Deniz Aydin",
        "Kirill Brik",
        "Nikita Oleynik",
        "Roman Paklin",
        "Yuri Neznamov",
    ]
    network = models.Case.objects.get(slug="network-case")
    assert network.defendants.count() >= 9


def test_every_person_has_an_original_name_and_an_english_one(demo):
    for person in models.Person.objects.all():
        assert CYRILLIC.match(person.surname), person.slug
        assert CYRILLIC.match(person.given_name), person.slug
        assert person.display_name_en and person.display_name_ru, person.slug
        assert person.summary_en, person.slug


def test_everything_published_cites_the_seed(demo):
    for model in [models.Person, models.Case, *FACT_MODELS]:
        for record in model.objects.filter(publication_state=PublicationState.PUBLISHED):
            sources = list(record.sources.all())
            assert sources, f"{model.__name__} {record.pk} cites nothing"
            assert all(s.title.startswith("Unheard Voices") for s in sources)
    for facility in models.Facility.objects.all():
        assert facility.sources.filter(title__startswith="Unheard Voices").exists()


def test_facility_addresses_cite_the_public_page_they_come_from(demo):
    with_address = models.Facility.objects.exclude(postal_address="")
    assert sorted(with_address.values_list("slug", flat=True)) == [
        "lefortovo-prison",
        "sizo-1-saint-petersburg",
        "sizo-1-yekaterinburg",
    ]
    for facility in with_address:
        pages = facility.sources.exclude(title__startswith="Unheard Voices")
        assert pages and all(page.url.startswith("http") for page in pages), facility.slug
    for facility in models.Facility.objects.filter(postal_address=""):
        assert not facility.sources.exclude(title__startswith="Unheard Voices").exists()
    kresty = models.Facility.objects.get(slug="sizo-1-saint-petersburg")
    assert (kresty.latitude, kresty.longitude) == (Decimal("59.739722"), Decimal("30.635000"))
    assert models.Person.objects.get(slug="garry-azaryan").current_facility == kresty


def test_every_record_passes_validation(demo):
    for model in [models.Person, models.Case, models.Facility, *FACT_MODELS]:
        for record in model.objects.all():
            record.full_clean(validate_unique=False)


def test_loading_again_changes_nothing(demo):
    counts = {m.__name__: m.objects.count() for m in [models.Person, *FACT_MODELS]}
    person = models.Person.objects.get(slug="azat-miftakhov")
    person.summary_en = "Edited by an editor."
    person.save()
    report = demo_load()
    assert report.created == {} and report.skipped_people == 63
    assert counts == {m.__name__: m.objects.count() for m in [models.Person, *FACT_MODELS]}
    person.refresh_from_db()
    assert person.summary_en == "Edited by an editor."


def test_refresh_rebuilds_the_demo_people(demo):
    models.Person.objects.filter(slug="azat-miftakhov").update(summary_en="Edited.")
    demo_load(refresh=True)
    assert models.Person.objects.get(slug="azat-miftakhov").summary_en != "Edited."
    assert models.Person.objects.count() == 63


def test_release_dates_are_computed_for_sentenced_people(demo):
    miftakhov = models.Person.objects.get(slug="azat-miftakhov")
    assert miftakhov.expected_release is not None
    assert "part_3_2_exception" in miftakhov.release_computation["assumptions"]


def test_organisations_of_the_other_seeds_are_loaded(demo):
    assert models.Organisation.objects.filter(slug__in=["memorial", "ovd-info"]).count() == 2
    assert models.Organisation.objects.count() > 20


def test_kagarlitskys_1982_arrest_ends_with_the_release_the_book_gives(demo):
    # Seed 003, "The story of Boris Kagarlitsky": "In April 1982, he was arrested … spent a little
    # over a year in Lefortovo Prison … was released". Without it the years page counted him as
    # held on every 1 January from 1983 to 2011.
    from unheard.stats.record import RecordOnDate

    person = models.Person.objects.get(slug="boris-kagarlitsky")
    release = person.events.get(kind="release", case__slug="young-socialists-case")
    assert (release.date, release.date_precision) == (dt.date(1983, 1, 1), "year")
    assert all(getattr(release, f"description_{lang}") for lang in ("en", "ru", "de", "fr"))
    assert "Kagarlitsky" in release.sources.get().locator
    held = RecordOnDate(dt.date(2026, 1, 1)).held_on_each([dt.date(1990, 1, 1)])
    assert held[dt.date(1990, 1, 1)] == 0
