import datetime as dt
import re

import pytest
from django.utils import timezone

from unheard.actions import services
from unheard.actions.models import Action, DayOfAction
from unheard.core.models import PublicationState

PUBLISHED = PublicationState.PUBLISHED


def link_in(body: str, part: str = "") -> str:
    links = re.findall(r"https?://\S+", body)
    return next(link for link in links if part in link)


def path_of(link: str) -> str:
    return re.sub(r"^https?://[^/]+", "", link)


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what a service left for after its commit (e-mails), as a real commit would."""

    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def day(db):
    return services.day_create(
        data={
            "slug": "day-of-solidarity",
            "title_en": "Day of solidarity",
            "starts_on": dt.date(2030, 12, 10),
            "publication_state": PUBLISHED,
        },
        acting_user=None,
    )


def make_action(slug="picket-berlin", **extra) -> Action:
    start = timezone.now() + dt.timedelta(days=10)
    data = {
        "slug": slug,
        "title_en": "Picket at the embassy",
        "kind": Action.Kind.PICKET,
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "time_zone": "Europe/Berlin",
        "city": "Berlin",
        "country": "DE",
        "publication_state": PUBLISHED,
        **extra,
    }
    return services.action_create(data=data, acting_user=None)


@pytest.fixture
def action(db):
    return make_action()


@pytest.fixture
def day_action(day):
    return make_action(slug="day-picket", day=day)


__all__ = ["DayOfAction", "link_in", "make_action", "path_of"]
