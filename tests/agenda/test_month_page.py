"""The calendar page by month, in four languages."""

import pytest

from unheard.registry.models import Person

pytestmark = pytest.mark.django_db


def test_the_month_of_the_days_of_action_2012(demo, client):
    html = client.get("/en/calendar/?month=2012-11").content.decode()
    assert "Days of united action against political repression in Russia" in html
    assert 'datetime="2012-11-29"' in html
    assert 'href="?month=2012-12"' in html and 'href="?month=2012-10"' in html


@pytest.mark.parametrize("lang", ["ru", "en", "de", "fr"])
def test_a_month_with_a_birthday_in_every_language(demo, client, lang):
    person = (
        Person.objects.public()
        .filter(
            status__in=Person.HELD_STATUSES, birth_date__isnull=False, birth_date_precision="day"
        )
        .first()
    )
    month = f"2030-{person.birth_date.month:02d}"
    response = client.get(f"/{lang}/calendar/?month={month}")
    assert response.status_code == 200
    html = response.content.decode()
    assert person.get_absolute_url().replace("/en/", f"/{lang}/") in html
    assert f'datetime="2030-{person.birth_date.month:02d}-' in html


@pytest.mark.parametrize("value", ["2026-13", "garbage", "99999-01", "2026-1"])
def test_a_bad_month_is_named_and_this_month_shown(db, client, value):
    response = client.get(f"/en/calendar/?month={value}")
    assert response.status_code == 400
    assert "Give the month as YYYY-MM" in response.content.decode()


def test_a_birth_date_known_only_to_the_month_is_not_on_the_calendar(demo, client):
    person = Person.objects.public().filter(status__in=Person.HELD_STATUSES).first()
    Person.objects.filter(pk=person.pk).update(
        birth_date=person.birth_date.replace(day=1) if person.birth_date else None,
        birth_date_precision="month",
    )
    text = client.get(f"/en/people/{person.slug}/calendar.ics").content.decode()
    assert "Birthday of" not in text
