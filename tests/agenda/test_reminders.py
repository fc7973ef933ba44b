"""Birthday reminders: asked for with an e-mail, confirmed by its link, sent by the daily task
through the outbox on the real SMTP server, ended by the link in every reminder."""

import datetime as dt
import re

import pytest
from django.core.management import call_command

from tests import factories as f
from unheard.agenda import services
from unheard.agenda.models import Reminder, ReminderSubscription
from unheard.core.models import AuditEntry

pytestmark = pytest.mark.django_db
LINK = re.compile(r"http://127\.0\.0\.1:8000(/\S+/)")


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    def run():
        return django_capture_on_commit_callbacks(execute=True)

    return run


@pytest.fixture
def person(db):
    return f.writable_person(birth_date=dt.date(1990, 5, 17), birth_date_precision="day")


def ask(client, person, ip="198.51.100.9", **extra):
    data = {"email": "mila@example.org", "days_before": "7", **extra}
    return client.post(f"/en/people/{person.slug}/remind/", data, REMOTE_ADDR=ip)


def link_in(smtp_server, count: int) -> str:
    return LINK.search(smtp_server.body(smtp_server.wait_for(count)[count - 1]))[1]


def test_ask_confirm_remind_and_stop(client, person, smtp_server, committed):
    with committed():
        assert ask(client, person).status_code == 302
    confirm = link_in(smtp_server, 1)
    assert "Confirm" in client.get(confirm).content.decode()
    assert not ReminderSubscription.objects.get().is_confirmed, "a GET confirms nothing"
    client.post(confirm)
    assert ReminderSubscription.objects.get().is_confirmed

    with committed():
        assert services.reminders_queue(today=dt.date(2027, 5, 9)) == 0, "eight days before"
        assert services.reminders_queue(today=dt.date(2027, 5, 10)) == 1
        assert services.reminders_queue(today=dt.date(2027, 5, 11)) == 0, "reminded once"
    message = smtp_server.wait_for(2)[1]
    assert person.display_name in message["Subject"]
    assert "May 17, 2027" in smtp_server.body(message)
    assert Reminder.objects.get().sent_at is not None

    stop = re.search(r"/en/calendar/remind/stop/\S+/", smtp_server.body(message))[0]
    client.post(stop)
    assert not ReminderSubscription.objects.exists()
    assert client.post(stop).status_code == 410
    for row in AuditEntry.objects.filter(action__startswith="reminder_"):
        assert "mila" not in f"{row.object_repr} {row.summary}"


def test_the_daily_command_queues_and_sends(person, smtp_server, committed):
    subscription = ReminderSubscription.objects.create(
        person=person, email="k@example.org", is_confirmed=True, days_before=30
    )
    with committed():
        call_command("agenda_send_reminders", verbosity=0)
    due = Reminder.objects.filter(subscription=subscription)
    today = dt.date.today()
    birthday_soon = (person.birth_date.replace(year=today.year) - today).days in range(0, 31)
    assert due.exists() == birthday_soon


def test_no_reminder_before_confirmation(person, committed):
    ReminderSubscription.objects.create(person=person, email="k@example.org", days_before=7)
    assert services.reminders_queue(today=dt.date(2027, 5, 12)) == 0


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"email": "nope"}, "Enter a valid email address."),
        ({"days_before": "-1"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_named_and_nothing_is_stored(client, person, extra, message):
    response = ask(client, person, **extra)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ReminderSubscription.objects.exists()


def test_no_reminder_for_a_birthday_not_known_to_the_day(client, db):
    person = f.writable_person(birth_date=dt.date(1990, 5, 1), birth_date_precision="month")
    assert (
        "not know this person's birthday"
        in client.get(f"/en/people/{person.slug}/remind/").content.decode()
    )
    response = ask(client, person)
    assert response.status_code == 400
    assert not ReminderSubscription.objects.exists()


def test_asking_twice_keeps_one_subscription_and_floods_are_limited(client, person, settings):
    settings.UNHEARD_PETITION_DAILY_LIMIT = 10
    assert ask(client, person).status_code == 302
    flood = ask(client, person, email="other@example.org")
    assert "Too many requests" in flood.content.decode()
    assert ReminderSubscription.objects.count() == 1


def test_a_forged_link_is_refused(client):
    response = client.get("/en/calendar/remind/confirm/forged/")
    assert response.status_code == 410
    assert "not valid" in response.content.decode()


# Every date the calendar shows, and actions (issue 11, item 6) ---------------------------------


@pytest.fixture
def arrested(person):
    """The person's arrest (published) on 3 March 2021 and an appeal hearing in 2027."""
    f.published(f.sourced(f.event(person, "detention", dt.date(2021, 3, 3))))
    f.published(f.sourced(f.event(person, "appeal", dt.date(2027, 6, 20))))
    f.sourced(f.event(person, "trial", dt.date(2027, 4, 1)))  # a draft: never reminded of
    return person


def test_arrest_anniversaries_and_coming_hearings_in_the_subscribers_language(
    client, arrested, smtp_server, committed
):
    today = dt.date(2027, 2, 20)
    assert services.kinds_followable(arrested, today=today) == [
        "birthday",
        "arrest_anniversary",
        "event",
    ]
    with committed():
        response = client.post(
            f"/ru/people/{arrested.slug}/remind/",
            {"kind": "arrest_anniversary", "email": "mila@example.org", "days_before": "7"},
            REMOTE_ADDR="198.51.100.7",
        )
    assert response.status_code == 302
    confirmation = smtp_server.wait_for(1)[0]
    assert "Подтвердите" in confirmation["Subject"]
    client.post(LINK.search(smtp_server.body(confirmation))[1])
    events = services.reminder_subscribe(
        person=arrested,
        kind="event",
        email="k@example.org",
        days_before=30,
        language="de",
        ip=None,
        today=today,
    )
    events.is_confirmed = True
    events.save()

    with committed():
        assert services.reminders_queue(today=dt.date(2027, 2, 24)) == 1
        assert services.reminders_queue(today=dt.date(2027, 5, 21)) == 1
    arrest, hearing = smtp_server.wait_for(3)[1:]
    assert arrest["To"] == "mila@example.org"
    assert "3 марта 2027" in smtp_server.body(arrest)
    assert "Годовщина ареста" in smtp_server.body(arrest)
    assert hearing["To"] == "k@example.org"
    assert "20. Juni 2027" in hearing["Subject"]
    assert "1. April" not in smtp_server.body(hearing), "the draft trial is not public"


def test_an_action_reminder(client, smtp_server, committed):
    from tests.actions.conftest import make_action

    action = make_action(slug="picket-reminded")
    with committed():
        response = client.post(
            f"/en/actions/{action.slug}/remind/",
            {"email": "mila@example.org", "days_before": "3"},
            REMOTE_ADDR="198.51.100.8",
        )
    assert response.status_code == 200
    assert "Check your e-mail" in response.content.decode()
    client.post(LINK.search(smtp_server.body(smtp_server.wait_for(1)[0]))[1])
    subscription = ReminderSubscription.objects.get()
    assert (subscription.kind, subscription.action, subscription.is_confirmed) == (
        "action",
        action,
        True,
    )
    start = action.local_start.date()
    with committed():
        assert services.reminders_queue(today=start - dt.timedelta(days=4)) == 0
        assert services.reminders_queue(today=start - dt.timedelta(days=3)) == 1
    message = smtp_server.wait_for(2)[1]
    assert action.title in message["Subject"]
    assert action.get_absolute_url() in smtp_server.body(message)


def test_a_kind_with_no_coming_date_is_refused(person):
    with pytest.raises(services.ReminderRefused, match="no coming date"):
        services.reminder_subscribe(
            person=person,
            kind="expected_release",
            email="k@example.org",
            days_before=7,
            language="en",
            ip=None,
        )
    assert not ReminderSubscription.objects.exists()
