"""Subscriptions and alerts through the real SMTP server (the `smtp_server` fixture)."""

import re
import time
from urllib.parse import urlsplit

import pytest
from django.utils import timezone, translation

from tests import factories as f
from tests.publishing.conftest import recent
from unheard.core import publication
from unheard.publishing import outbox, services
from unheard.publishing.models import Alert, OutgoingMail, Subscription
from unheard.registry import services as registry
from unheard.registry.models import TimelineEvent

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/alerts/(?:confirm|manage|unsubscribe)/\S+/")


@pytest.fixture(autouse=True)
def no_pause(settings):
    settings.UNHEARD_ALERT_PAUSE_SECONDS = 0


def links_in(message) -> list[str]:
    return [urlsplit(link).path for link in LINK.findall(message.get_body().get_content())]


def subscribe(client, callbacks, *, email="reader@example.org", language="en", **form):
    with callbacks(execute=True):
        response = client.post(f"/{language}/alerts/", {"email": email, **form})
    assert response.status_code == 302 and response["Location"] == f"/{language}/alerts/sent/"
    return client.get(response["Location"])


def confirmed(client, smtp_server, callbacks, **form):
    count = len(smtp_server.messages)
    assert subscribe(client, callbacks, **form).status_code == 200
    message = smtp_server.wait_for(count + 1)[-1]
    assert client.post(links_in(message)[0]).status_code == 200
    return Subscription.objects.filter(email=form.get("email", "reader@example.org")).last()


def record_transfer(person, *, editor, reviewer, callbacks, date=None):
    """An editor records a transfer through the registry's services; a second editor approves."""
    facility = f.published(f.sourced(f.FacilityFactory(name_en="IK-7")))
    with callbacks(execute=True):
        registry.event_add(
            person=person,
            data={
                "kind": "transfer",
                "date": date or recent(),
                "facility": facility,
                "sources": [f.SourceFactory()],
            },
            acting_user=editor,
        )
        publication.record_submit(record=person, acting_user=editor)
        publication.record_publish(record=person, acting_user=reviewer)
    return facility


@pytest.fixture
def editors(make_staff):
    return make_staff("ed", "editor"), make_staff("rev", "reviewer")


def test_subscribe_confirm_transfer_alert_and_one_click_unsubscribe(
    client, person, smtp_server, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    response = subscribe(client, callbacks, scope="person", target=person.slug)
    assert "Check your inbox" in response.content.decode()
    confirmation = smtp_server.wait_for(1)[0]
    assert confirmation.envelope_recipients == ["reader@example.org"]
    assert "List-Unsubscribe" not in confirmation
    assert client.post(links_in(confirmation)[0]).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None

    editor, reviewer = editors
    record_transfer(person, editor=editor, reviewer=reviewer, callbacks=callbacks)
    messages = smtp_server.wait_for(2)
    assert len(messages) == 2
    alert = messages[1]
    assert alert["Subject"] == f"{person.display_name}: transfer"
    assert "IK-7" in smtp_server.body(alert)
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = urlsplit(str(alert["List-Unsubscribe"]).strip().strip("<>")).path
    assert unsubscribe in smtp_server.body(alert), alert["List-Unsubscribe"]
    response = client.post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not Subscription.objects.exists() and not OutgoingMail.objects.exists()
    assert len(smtp_server.messages) == 2


def test_only_confirmed_followers_are_alerted_once_in_their_language(
    client, person, smtp_server, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(
        client, smtp_server, callbacks, email="ru@example.org", language="ru", scope="registry"
    )
    subscribe(client, callbacks, email="late@example.org", scope="person", target=person.slug)
    other = f.writable_person()
    confirmed(
        client, smtp_server, callbacks, email="other@example.org", scope="person", target=other.slug
    )
    before = len(smtp_server.messages)
    record_transfer(person, editor=editors[0], reviewer=editors[1], callbacks=callbacks)
    alerts = smtp_server.messages[before:]
    assert [m.envelope_recipients for m in alerts] == [["ru@example.org"]]
    with translation.override("ru"):
        assert alerts[0]["Subject"] == f"{person.display_name}: {TimelineEvent.Kind.TRANSFER.label}"
    assert alerts[0]["Subject"].endswith("перевод")
    with callbacks(execute=True):
        assert services.alert_fan_out(alert_id=Alert.objects.get().pk) == 0


def test_history_published_later_alerts_nobody(
    client, person, smtp_server, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(client, smtp_server, callbacks, scope="registry")
    record_transfer(
        person, editor=editors[0], reviewer=editors[1], callbacks=callbacks, date=recent(400)
    )
    assert len(smtp_server.messages) == 1 and not Alert.objects.exists()


def test_a_new_letter_address_alerts_the_followers(
    client, person, smtp_server, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(client, smtp_server, callbacks, scope="person", target=person.slug)
    colony = f.published(
        f.sourced(f.FacilityFactory(name_en="IK-2", postal_address="618000, ИК-2"))
    )
    with callbacks(execute=True):
        registry.person_update(
            person=person, data={"current_facility": colony}, acting_user=editors[0]
        )
    alert = smtp_server.wait_for(2)[1]
    assert "618000, ИК-2" in smtp_server.body(alert)
    assert alert["Subject"] == f"{person.display_name}: new address for letters"


def test_confirming_twice_a_forged_link_and_an_expired_one_are_refused(
    client, person, smtp_server, settings, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    subscribe(client, callbacks, scope="registry")
    link = links_in(smtp_server.wait_for(1)[0])[0]
    assert client.post(link).status_code == 200
    again = client.post(link)
    assert again.status_code == 409 and "already confirmed" in again.content.decode()
    assert client.get(link).status_code == 409
    forged = client.post(link[:-3] + "xx/")
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    assert client.get("/en/alerts/manage/garbage/").status_code == 400
    subscribe(client, callbacks, email="slow@example.org", scope="registry")
    slow = links_in(smtp_server.wait_for(2)[1])[0]
    # Links older than 0 hours: the link's time stamp is in whole seconds, so it is always older.
    settings.UNHEARD_ALERT_CONFIRMATION_HOURS = 0
    expired = client.post(slow)
    assert expired.status_code == 400 and "expired" in expired.content.decode()
    assert client.get(slow).status_code == 400
    assert Subscription.objects.get(email="slow@example.org").confirmed_at is None


def test_opening_the_confirmation_link_only_shows_a_button(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Mail scanners follow links: a GET must not confirm anything (walk P4)."""
    subscribe(client, django_capture_on_commit_callbacks, scope="registry")
    link = links_in(smtp_server.wait_for(1)[0])[0]
    page = client.get(link)
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    assert Subscription.objects.get().confirmed_at is None
    assert client.post(link).status_code == 200
    assert Subscription.objects.get().confirmed_at is not None


def test_a_russian_subscription_is_confirmed_in_russian(
    client, smtp_server, django_capture_on_commit_callbacks
):
    """Walk P1: the subject, the sentence and the scope came in English."""
    subscribe(client, django_capture_on_commit_callbacks, language="ru", scope="registry")
    message = smtp_server.wait_for(1)[0]
    body = smtp_server.body(message)
    assert "Пожалуйста, подтвердите подписку" in message["Subject"]
    assert "весь реестр" in body and "откройте эту ссылку" in body
    assert "the whole registry" not in body and "open this link" not in body
    assert links_in(message)[0].startswith("/ru/alerts/confirm/")


@pytest.mark.parametrize(
    "form",
    [
        {"email": "not an address", "scope": "registry"},
        {"email": "a@example.org", "scope": "nothing"},
        {"email": "a@example.org", "scope": "person", "target": "no-such-person"},
    ],
)
def test_bad_subscriptions_are_refused_and_nothing_is_stored(client, form, smtp_server):
    response = client.post("/en/alerts/", form)
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert not Subscription.objects.exists() and smtp_server.messages == []


def test_a_draft_person_cannot_be_followed(client, smtp_server):
    draft = f.sourced(f.PersonFactory())
    response = client.post(
        "/en/alerts/", {"email": "a@example.org", "scope": "person", "target": draft.slug}
    )
    assert response.status_code == 400 and not Subscription.objects.exists()


def test_the_manage_page_lists_and_ends_subscriptions(
    client, person, smtp_server, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(client, smtp_server, callbacks, scope="registry")
    confirmed(client, smtp_server, callbacks, scope="person", target=person.slug)
    token = outbox.links_for(Subscription.objects.first())["manage"].rsplit("/manage/", 1)[1]
    page = client.get(f"/en/alerts/manage/{token}")
    assert page.status_code == 200 and person.display_name in page.content.decode()
    client.post(f"/en/alerts/manage/{token}", {"everything": "1"})
    assert not Subscription.objects.filter(email="reader@example.org").exists()
    assert "No subscriptions" in client.get(f"/en/alerts/manage/{token}").content.decode()


def test_the_same_address_in_other_capitals_is_the_same_subscriber(
    client, person, smtp_server, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    first = confirmed(client, smtp_server, callbacks, scope="registry")
    subscribe(client, callbacks, email="Reader@Example.ORG", scope="registry")
    assert Subscription.objects.count() == 1
    subscribe(client, callbacks, email="READER@example.org", scope="person", target=person.slug)
    assert len(smtp_server.wait_for(2)) == 2
    token = outbox.links_for(first)["manage"].rsplit("/manage/", 1)[1]
    page = client.get(f"/en/alerts/manage/{token}").content.decode()
    assert person.display_name in page and "the whole registry" in page


def test_an_unsubscribe_link_opened_in_a_browser_asks_first(
    client, smtp_server, django_capture_on_commit_callbacks
):
    subscription = confirmed(
        client, smtp_server, django_capture_on_commit_callbacks, scope="registry"
    )
    path = urlsplit(outbox.links_for(subscription)["unsubscribe"]).path
    page = client.get(path)
    assert page.status_code == 200 and '<form method="post">' in page.content.decode()
    assert Subscription.objects.exists()


def test_the_weekly_digest_lists_what_is_new_and_skips_the_rest(
    client, person, smtp_server, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(client, smtp_server, callbacks, scope="person", target=person.slug)
    confirmed(
        client,
        smtp_server,
        callbacks,
        email="quiet@example.org",
        scope="person",
        target=f.writable_person().slug,
    )
    detention = f.published(f.event(person, "detention", recent(2)))
    detention.published_at = timezone.now()
    detention.save()
    with callbacks(execute=True):
        assert services.digests_queue() == 2
    digests = smtp_server.messages[2:]
    assert [m.envelope_recipients for m in digests] == [["reader@example.org"]]
    assert "detention" in smtp_server.body(digests[0])
    assert digests[0]["List-Unsubscribe"]
    with callbacks(execute=True):
        assert services.digests_queue() == 0


def test_a_failed_send_stays_in_the_outbox_and_is_retried(
    client, person, smtp_server, settings, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    confirmed(client, smtp_server, callbacks, scope="registry")
    port = settings.EMAIL_PORT
    settings.EMAIL_PORT = 1  # nothing listens there
    record_transfer(person, editor=editors[0], reviewer=editors[1], callbacks=callbacks)
    mail = OutgoingMail.objects.get(kind="alert")
    assert mail.sent_at is None and mail.attempts == 1 and mail.last_error
    settings.EMAIL_PORT = port
    import datetime as dt

    with callbacks(execute=True):
        assert outbox.mails_retry(older_than=dt.timedelta(0)) == 1
    assert len(smtp_server.wait_for(2)) == 2
    assert OutgoingMail.objects.get(kind="alert").sent_at is not None


def test_a_forged_or_expired_unsubscribe_link_is_refused_and_ends_nothing(
    client, smtp_server, django_capture_on_commit_callbacks
):
    from django.core import signing

    subscription = confirmed(
        client, smtp_server, django_capture_on_commit_callbacks, scope="registry"
    )
    path = urlsplit(outbox.links_for(subscription)["unsubscribe"]).path
    one_click = {"data": "List-Unsubscribe=One-Click"}
    one_click["content_type"] = "application/x-www-form-urlencoded"
    forged = client.post(path[:-3] + "xx/", **one_click)
    assert forged.status_code == 400 and "not valid" in forged.content.decode()
    # The same link signed 400 days ago, past UNHEARD_ALERT_LINK_DAYS (365).
    signer = signing.TimestampSigner(salt="unheard.publishing.manage")
    then = signing.b62_encode(int(time.time()) - 400 * 86400)
    old = signing.Signer.sign(signer, f"{subscription.key}{signer.sep}{then}")
    expired = client.post(path.replace(path.split("/")[-2], old), **one_click)
    assert expired.status_code == 400 and "expired" in expired.content.decode()
    assert client.get(path.replace(path.split("/")[-2], old)).status_code == 400
    assert Subscription.objects.get().pk == subscription.pk


def test_a_verdict_a_release_and_a_punishment_cell_alert_the_followers_of_a_case_and_a_region(
    client, person, smtp_server, editors, django_capture_on_commit_callbacks
):
    callbacks = django_capture_on_commit_callbacks
    case = person.case_links.get().case
    region = person.current_facility.region
    confirmed(
        client, smtp_server, callbacks, email="case@example.org", scope="case", target=case.slug
    )
    confirmed(
        client,
        smtp_server,
        callbacks,
        email="region@example.org",
        scope="region",
        target=region.slug,
    )
    before = len(smtp_server.messages)
    editor, reviewer = editors
    kinds = ("verdict", "shizo", "release", "detention")
    for kind in kinds:
        with callbacks(execute=True):
            data = {"kind": kind, "date": recent(), "sources": [f.SourceFactory()]}
            registry.event_add(person=person, data=data, acting_user=editor)
            publication.record_submit(record=person, acting_user=editor)
            publication.record_publish(record=person, acting_user=reviewer)
    alerts = smtp_server.wait_for(before + 6)[before:]
    assert len(smtp_server.messages) == before + 6, "a detention waits for the weekly digest"
    subjects = {(m.envelope_recipients[0], m["Subject"]) for m in alerts}
    assert subjects == {
        (email, f"{person.display_name}: {TimelineEvent.Kind(kind).label}")
        for email in ("case@example.org", "region@example.org")
        for kind in kinds[:3]
    }
