"""What the apps declare on their AppConfig (unheard.core.plugins) reaches the site: the header,
the person page, the home page's ways to help, the roles, the demo data and the translators'
dashboard."""

import io
import re

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from tests import factories as f
from unheard.core import plugins
from unheard.core.plugins import DemoLoader
from unheard.core.roles import role_permissions
from unheard.core.translation_state import tracked_fields

pytestmark = pytest.mark.django_db

NAV = re.compile(r'<nav class="site-nav"[^>]*>(.*?)</nav>', re.S)
LINK = re.compile(r'<a href="([^"]+)"( aria-current="page")?>([^<]+)</a>')


def header_links(client, path: str) -> list[tuple[str, str, bool]]:
    html = client.get(path).content.decode()
    return [
        (text, href, bool(current)) for href, current, text in LINK.findall(NAV.search(html)[1])
    ]


def test_the_header_lists_what_the_apps_declare_in_their_order(client):
    links = header_links(client, reverse("registry:person_list"))
    assert [text for text, _href, _current in links] == [
        "People",
        "Write a letter",
        "Give",
        "Act",
        "Petitions",
        "Calendar",
        "Report",
        "News",
        "Articles",
        "Statistics",
        "Open data",
    ]
    assert [text for text, _href, current in links if current] == ["People"]
    assert ("Give", reverse("funds:campaign_list"), False) in links


def test_the_header_marks_the_section_of_the_current_page(client):
    links = header_links(client, reverse("funds:campaign_list"))
    assert [text for text, _href, current in links if current] == ["Give"]
    links = header_links(client, reverse("funds:report"))
    assert [text for text, _href, current in links if current] == ["Report"]


def test_the_translation_link_is_shown_only_to_those_who_may_translate(client, make_staff):
    assert "Translation" not in [text for text, *_ in header_links(client, "/en/")]
    client.force_login(make_staff("translator", "translator"))
    assert "Translation" in [text for text, *_ in header_links(client, "/en/")]


def test_the_person_page_renders_the_help_boxes_the_apps_declare(client, monkeypatch):
    person = f.writable_person()
    assert "help-box--letters" in client.get(person.get_absolute_url()).content.decode()
    monkeypatch.setattr(apps.get_app_config("letters"), "person_help_boxes", ())
    assert "help-box--letters" not in client.get(person.get_absolute_url()).content.decode()


def test_the_ways_to_help_lead_where_the_apps_declare(client, monkeypatch):
    home = client.get(reverse("registry:home")).content.decode()
    assert f'href="{reverse("letters:few_letters")}"' in home
    assert f'href="{reverse("funds:campaign_list")}"' in home
    monkeypatch.setattr(apps.get_app_config("funds"), "help_links", ())
    home = client.get(reverse("registry:home")).content.decode()
    assert f'href="{reverse("funds:campaign_list")}"' not in home.split("<main", 1)[1]


def test_roles_merge_what_every_app_grants():
    roles = role_permissions()
    assert {("registry", "change_person"), ("letters", "translate_letter")} <= roles["translator"]
    assert ("letters", "moderate_letter") not in roles["translator"]
    assert {("registry", "view_person"), ("letters", "prepare_evening_pack")} <= roles["organiser"]
    assert roles["admin"] is None


def test_demo_loaders_run_after_the_apps_they_name(monkeypatch):
    registry, actions, funds, stats, petitions, news = (
        "unheard.registry.demo_loader.demo_load",
        "unheard.actions.demo_loader.demo_load",
        "unheard.funds.demo_loader.demo_load",
        "unheard.stats.demo_loader.demo_load",
        "unheard.petitions.demo_loader.demo_load",
        "unheard.publishing.demo_loader.demo_load",
    )
    declared = [loader.load for loader in plugins.demo_loaders()]
    assert declared == [registry, actions, funds, stats, petitions, news]
    monkeypatch.setattr(
        apps.get_app_config("registry"), "demo_loaders", (DemoLoader(registry, after=("funds",)),)
    )
    monkeypatch.setattr(apps.get_app_config("funds"), "demo_loaders", (DemoLoader(funds),))
    declared = [loader.load for loader in plugins.demo_loaders()]
    assert declared == [funds, registry, actions, stats, news, petitions]


def test_loaddemo_runs_every_declared_loader():
    out = io.StringIO()
    call_command("loaddemo", stdout=out)
    reported = [line.split(":")[0] for line in out.getvalue().splitlines() if ": " in line]
    assert reported == [loader.load for loader in plugins.demo_loaders()]


def test_the_translators_track_the_fields_the_apps_declare():
    assert [field.key for field in tracked_fields()] == [
        "registry.person.summary",
        "registry.person.biography",
        "registry.case.summary",
        "registry.person.display_name",
        "registry.person.occupation",
        "registry.person.interests",
        "registry.person.support_caveat",
        "registry.case.name",
        "registry.case.investigating_body",
        "registry.timelineevent.description",
        "registry.timelineevent.place",
        "registry.verdict.court",
        "registry.verdict.additional_penalties",
        "registry.organisation.name",
        "registry.facility.name",
        "registry.region.name",
        "registry.politicalview.name",
        "registry.legalcode.name",
        "registry.legalcode.short_name",
        "registry.article.title",
        "actions.action.title",
        "actions.dayofaction.title",
        "actions.action.description",
        "actions.dayofaction.description",
        "actions.daystatement.summary",
        "actions.daystatement.author_description",
        "actions.group.description",
        "actions.action.accessibility",
        "actions.action.city_name",
        "actions.group.city_name",
        "letters.letterrules.text",
        "funds.campaign.title",
        "funds.campaign.summary",
        "funds.paymentmethod.name",
        "funds.aggregatefigure.label",
        "funds.aggregatefigure.note",
        "stats.externalfigure.counts",
        "stats.externalfigure.organisation",
        "stats.externalfigure.method",
        "petitions.petition.title",
        "petitions.petition.text",
        "petitions.petitiontarget.name",
        "petitions.notablesignatory.description",
        "petitions.delivery.answer",
    ]
