import datetime as dt

import pytest

from unheard.actions.demo_loader import demo_load as actions_demo_load
from unheard.actions.models import SolidarityAction
from unheard.registry.demo_loader import demo_load

pytestmark = pytest.mark.django_db


def test_the_seeds_actions_are_loaded_sourced_and_idempotent():
    demo_load()
    report = actions_demo_load()
    assert report.created == {"actions": 3}
    days = SolidarityAction.objects.get(slug="days-of-action-against-repression-2012")
    assert (days.starts_on, days.ends_on) == (dt.date(2012, 11, 29), dt.date(2012, 12, 2))
    assert "Almaty" in days.cities
    assert days.sources.get().title
    assert (
        SolidarityAction.objects.get(slug="solidarity-day-civil-society-russia").recurring_date
        == "04-30"
    )
    assert actions_demo_load().created == {}
    assert SolidarityAction.objects.count() == 3
