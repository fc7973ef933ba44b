"""Actions in a real browser: a supporter joins an action and confirms by the e-mail that arrived
at the test SMTP server; a visitor proposes an action, an organiser approves it in the back
office and it appears on its day's page; axe finds no serious problem on the actions pages."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from tests.browser.test_site_accessibility import AXE, axe_violations
from unheard.actions import services
from unheard.actions.demo_loader import demo_load as actions_demo_load
from unheard.actions.models import Action, SignUp
from unheard.core.models import PublicationState
from unheard.registry.demo_loader import demo_load as registry_demo_load

pytestmark = pytest.mark.django_db(transaction=True)
PUBLISHED = PublicationState.PUBLISHED


def link_in(body: str) -> str:
    return re.search(r"https?://\S+", body).group(0)


def picket() -> Action:
    start = timezone.now() + dt.timedelta(days=5)
    return services.action_create(
        data={
            "slug": "picket-geneva",
            "title_en": "Picket at the UN in Geneva",
            "title_ru": "Пикет у ООН в Женеве",
            "kind": Action.Kind.PICKET,
            "starts_at": start,
            "time_zone": "Europe/Zurich",
            "city": "Geneva",
            "country": "CH",
            "capacity": 20,
            "publication_state": PUBLISHED,
        },
        acting_user=None,
    )


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_join_an_action_and_confirm_by_e_mail(page, live_server, smtp_server, settings, lang):
    settings.UNHEARD_SITE_URL = live_server.url
    action = picket()
    page.goto(f"/{lang}/actions/{action.slug}/")
    page.fill("[name=name]", "Anna")
    page.fill("[name=email]", f"anna-{lang}@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(f"**/{lang}/actions/{action.slug}/joined/")
    assert SignUp.objects.get().status == SignUp.Status.UNCONFIRMED

    message = smtp_server.wait_for(1)[0]
    assert message.envelope_recipients == [f"anna-{lang}@example.org"]
    page.goto(link_in(smtp_server.body(message)))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert SignUp.objects.get().status == SignUp.Status.CONFIRMED
    page.goto(f"/{lang}/actions/{action.slug}/")
    assert "19" in page.locator("main dl").inner_text()  # places left
    assert all(url.startswith(live_server.url) for url in page.requested_urls)


def organiser():
    from django.contrib.auth.models import User

    group, _ = Group.objects.get_or_create(name="organiser")
    for codename in ("view_action", "change_action", "publish_action"):
        group.permissions.add(
            Permission.objects.get(content_type__app_label="actions", codename=codename)
        )
    user = User.objects.create_user(username="organiser", password="pw", is_staff=True)
    user.groups.add(group)
    return user


def test_an_organiser_approves_a_proposed_action_and_it_appears_on_its_day(
    page, live_server, smtp_server, settings
):
    settings.UNHEARD_SITE_URL = live_server.url
    day = services.day_create(
        data={"slug": "ten-december", "title_en": "10 December", "publication_state": PUBLISHED},
        acting_user=None,
    )
    organiser()
    page.goto("/en/actions/organise/")
    page.fill("[name=title]", "Letters evening in Lyon")
    page.select_option("[name=kind]", "letter_evening")
    page.fill("textarea[name=description]", "We write postcards.")
    page.select_option("[name=day]", str(day.pk))
    page.fill("[name=date]", "2030-12-10")
    page.fill("[name=start_time]", "18:00")
    page.fill("[name=time_zone]", "Europe/Paris")
    page.fill("[name=city]", "Lyon")
    page.fill("[name=country]", "FR")
    page.fill("[name=proposer_email]", "claire@example.org")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/en/actions/organise/sent/")
    page.goto(link_in(smtp_server.body(smtp_server.wait_for(1)[0])))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    action = Action.objects.get()
    assert action.publication_state == PublicationState.IN_REVIEW
    page.goto(f"/en/days/{day.slug}/")
    assert "Lyon" not in page.locator("main").inner_text()

    page.goto("/admin/login/")
    page.fill("[name=username]", "organiser")
    page.fill("[name=password]", "pw")
    page.locator("input[type=submit]").click()
    page.goto("/admin/actions/action/")
    page.check(f"input[name=_selected_action][value='{action.pk}']")
    page.select_option("select[name=action]", "publish")
    page.locator("button[name=index]").click()
    page.wait_for_load_state()
    action.refresh_from_db()
    assert action.publication_state == PUBLISHED

    page.goto(f"/en/days/{day.slug}/")
    main = page.locator("main").inner_text()
    assert "Letters evening in Lyon" in main and "claire@example.org" not in main


PAGES = [
    "/en/actions/",
    "/en/actions/?country=DE",
    "/en/actions/picket-geneva/",
    "/en/actions/organise/",
    "/en/days/",
    "/en/days/days-of-action-against-repression-2012/",
    "/ru/days/days-of-action-against-repression-2012/",
    "/de/days/solidarity-day-civil-society-russia/",
    "/fr/groups/",
    "/en/groups/post-soviet-left/",
]


def test_the_actions_pages_pass_axe(page, live_server):
    if not AXE.exists():
        pytest.skip("axe-core is not installed: run `make test` (npm install into .cache/npm)")
    registry_demo_load()
    actions_demo_load()
    picket()
    problems = {}
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in PAGES:
            response = page.goto(path)
            assert response.status == 200, path
            violations = axe_violations(page)
            if violations:
                problems[f"{width} {path}"] = violations
    assert problems == {}
    assert all(url.startswith(live_server.url) for url in page.requested_urls)
