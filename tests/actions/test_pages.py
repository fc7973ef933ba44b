"""Public pages, the .ics file, reports with photos and messages to the groups of a day."""

import datetime as dt
import io
import zoneinfo

import icalendar
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.actions.conftest import make_action
from unheard.actions import services
from unheard.actions.models import Group
from unheard.core.images import image_clean
from unheard.core.models import PublicationState

pytestmark = pytest.mark.django_db
PUBLISHED = PublicationState.PUBLISHED


def test_the_list_shows_upcoming_first_and_filters(client, action):
    make_action(
        slug="past-one",
        title_en="Old picket",
        starts_at=None,
        ends_at=None,
        time_zone="",
        starts_on=dt.date(2012, 11, 30),
        city="Paris",
        country="FR",
    )
    page = client.get("/en/actions/").content.decode()
    assert page.index("Picket at the embassy") < page.index("Old picket")
    filtered = client.get("/en/actions/?country=FR").content.decode()
    assert "Old picket" in filtered and "Picket at the embassy" not in filtered
    assert "Old picket" not in client.get("/en/actions/?kind=lecture").content.decode()
    assert client.get("/en/actions/?from=not-a-date").status_code == 400


def test_a_filter_that_matches_nothing_says_so_with_a_way_back(client, action):
    """Walk A4: the page read as if the site had no actions at all."""
    page = client.get("/en/actions/?country=DE&kind=lecture").content.decode()
    assert "No action matches these filters." in page
    assert 'href="/en/actions/"' in page and "No action is planned yet" not in page
    german = client.get("/de/actions/?kind=lecture").content.decode()
    assert "Keine Aktion entspricht diesen Filtern." in german


def test_actions_of_a_day_are_found_by_the_day_s_date(client, day):
    make_action(
        slug="on-the-day",
        title_en="Undated picket",
        day=day,
        starts_at=None,
        ends_at=None,
        time_zone="",
    )
    page = client.get("/en/actions/?from=2030-12-01&to=2030-12-31").content.decode()
    assert "Undated picket" in page


def test_a_yearly_action_is_never_past_and_its_date_is_translated(client, action):
    """Walk A8: "every year on 12 июня" under "Past actions"."""
    make_action(
        slug="marathon",
        title_en="Marathon",
        starts_at=None,
        ends_at=None,
        time_zone="",
        recurring_date="06-12",
    )
    page = client.get("/ru/actions/").content.decode()
    yearly = page.index("Каждый год")
    assert yearly < page.index("Marathon") and "каждый год, 12 июня" in page
    assert "Прошедшие акции" not in page and "every year" not in page


def test_times_have_no_seconds_and_the_date_filter_speaks_german(client, action):
    """Walk A7 ("18:00:00 – 20:00") and A5 ("Herkunft" for the From date)."""
    page = client.get(f"/de/actions/{action.slug}/").content.decode()
    start = action.starts_at.astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    assert f"{start:%H:%M} –" in page and f"{start:%H:%M}:00" not in page
    listing = client.get("/de/actions/").content.decode()
    assert '<label for="f-from">Von</label>' in listing and "Herkunft" not in listing
    assert '<label for="f-to">bis</label>' in listing


def test_the_ics_file_is_valid_with_its_time_zone(client, action):
    response = client.get(f"/en/actions/{action.slug}/event.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = icalendar.Calendar.from_ical(response.content)
    event = calendar.walk("VEVENT")[0]
    assert str(event["uid"]) == f"action-{action.pk}@127.0.0.1"
    assert event.decoded("dtstart").tzinfo.key == "Europe/Berlin"
    assert calendar.walk("VTIMEZONE")[0]["tzid"] == "Europe/Berlin"
    assert client.get(f"/en/actions/{action.slug}/event.ics").content == response.content


def jpeg_with_gps() -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "SecretCameraMaker"
    output = io.BytesIO()
    Image.new("RGB", (64, 48), "red").save(output, format="JPEG", exif=exif.tobytes())
    return SimpleUploadedFile("p.jpg", output.getvalue())


def test_a_report_shows_photos_only_with_consent_and_without_metadata(
    client, day_action, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = image_clean(jpeg_with_gps())
    report = services.report_post(
        action=day_action,
        data={"attendance": 40, "text": "We read letters aloud."},
        photos=[
            (image, "Banner at the gate", True),
            (image_clean(jpeg_with_gps()), "Faces", False),
        ],
        acting_user=None,
    )
    stored = report.photos.get(consent=True).image.read()
    assert b"SecretCameraMaker" not in stored
    page = client.get(f"/en/actions/{day_action.slug}/").content.decode()
    assert "Banner at the gate" in page and "Faces" not in page and "40 people took part" in page
    assert (
        "We read letters aloud." in client.get(f"/en/days/{day_action.day.slug}/").content.decode()
    )
    # The photo's address answers only for the consented one (core/media.py).
    shown, unconsented = report.photos.get(consent=True), report.photos.get(consent=False)
    response = client.get(shown.image.url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == stored
    assert client.get(unconsented.image.url).status_code == 404
    report.is_public = False
    report.save()
    assert client.get(shown.image.url).status_code == 404


def test_organisers_message_the_groups_of_a_day(day, smtp_server, committed, make_staff):
    group = services.group_create(
        data={
            "slug": "g",
            "name": "Solidarity Lyon",
            "email": "lyon@example.org",
            "publication_state": PUBLISHED,
        },
        acting_user=None,
    )
    services.group_create(data={"slug": "h", "name": "No address"}, acting_user=None)
    make_action(slug="lyon", day=day, group=group)
    with committed():
        count = services.day_message_groups(
            day=day,
            subject="Banners",
            body="Bring banners.",
            acting_user=make_staff("o", "organiser"),
        )
    assert count == 1
    message = smtp_server.wait_for(1)[0]
    assert (message["To"], message["Subject"]) == ("lyon@example.org", "Banners")
    assert Group.objects.count() == 2


def test_a_draft_day_hides_its_actions(client, day_action):
    services.day_update(
        day=day_action.day, data={"publication_state": PublicationState.DRAFT}, acting_user=None
    )
    assert client.get(f"/en/actions/{day_action.slug}/").status_code == 404
    assert client.get(f"/en/days/{day_action.day.slug}/").status_code == 404
    assert "Picket at the embassy" not in client.get("/en/actions/").content.decode()
