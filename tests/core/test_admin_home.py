"""The back-office home by task (`core.admin_home`): sections in the declared order, technical
models for admins only, counts of what waits for the signed-in user's roles."""

import re

import pytest
from django.urls import reverse

from tests import factories as f
from unheard.core import plugins
from unheard.core.models import PublicationState
from unheard.letters.models import Letter

pytestmark = pytest.mark.django_db


def sections(client) -> list[str]:
    html = client.get(reverse("admin:index")).content.decode()
    content = html.split('id="content-main"', 1)[1]
    return re.findall(r'class="section"[^>]*>([^<]+)</a>', content)


def waiting(client) -> dict[str, int]:
    html = client.get(reverse("admin:index")).content.decode()
    found = re.findall(
        r'<li><a href="[^"]*">([^<]+)</a>: <strong class="waiting-count">(\d+)', html
    )
    return {label: int(count) for label, count in found}


def test_an_editor_sees_the_registry_first_and_no_technical_models(client, make_staff):
    client.force_login(make_staff("editor1", "editor"))

    shown = sections(client)
    html = client.get(reverse("admin:index")).content.decode()

    assert shown[0] == "Registry"
    assert shown == ["Registry", "News", "Brochure", "Statistics", "Sharing between instances"]
    content = html.split('id="content-main"', 1)[1].lower()
    for technical in ("audit", "task result", "check mark", "translation state", "users"):
        assert technical not in content
    assert reverse("admin:registry_checking_queue") in html
    assert reverse("admin:review_queue") in html


def test_the_registry_section_lists_people_and_cases_before_reference_data(client, make_staff):
    client.force_login(make_staff("editor1", "editor"))

    html = client.get(reverse("admin:index")).content.decode()
    registry = html.split('id="content-main"', 1)[1].split("</table>", 1)[0]

    names = re.findall(r'<th scope="row"[^>]*>\s*<a href="[^"]*"[^>]*>([^<]+)</a>', registry)
    assert names[:3] == ["Quick add: a new detention", "Review queue", "Checking queue"]
    models = names[3:]
    assert models[:3] == ["People", "Cases", "Facilities"]


def test_an_admin_sees_the_task_sections_then_the_technical_models(client, make_staff):
    client.force_login(make_staff("admin1", "admin"))

    shown = sections(client)

    assert shown[:9] == [
        "Registry",
        "Letters",
        "Funds",
        "News",
        "Brochure",
        "Actions",
        "Petitions",
        "Statistics",
        "Sharing between instances",
    ]
    technical = set(shown[9:])
    assert all(name.endswith("(technical)") for name in technical)
    assert {
        "Authentication and Authorization (technical)",
        "Core (technical)",  # the audit log, translation states
        "Registry (technical)",  # check marks
        "Tasks Database Backend (technical)",
    } <= technical


def test_the_sidebar_follows_the_same_order(client, make_staff):
    person = f.PersonFactory()
    client.force_login(make_staff("editor1", "editor"))

    html = client.get(reverse("admin:registry_person_change", args=[person.pk])).content.decode()
    sidebar = html.split('id="nav-sidebar"', 1)[1].split("</nav>", 1)[0]

    assert re.findall(r'class="section"[^>]*>([^<]+)</a>', sidebar) == [
        "Registry",
        "News",
        "Brochure",
        "Statistics",
        "Sharing between instances",
    ]


def test_counts_follow_the_roles(client, make_staff):
    editor = make_staff("editor1", "editor")
    reviewer = make_staff("reviewer1", "reviewer")
    mine = f.PersonFactory(publication_state=PublicationState.IN_REVIEW, submitted_by=reviewer)
    f.PersonFactory(publication_state=PublicationState.IN_REVIEW, submitted_by=editor)
    f.CaseFactory(publication_state=PublicationState.IN_REVIEW, submitted_by=editor)
    f.FacilityFactory()  # an address with no source: one record to check
    assert mine

    client.force_login(editor)
    editor_counts = waiting(client)
    client.force_login(reviewer)
    reviewer_counts = waiting(client)
    client.force_login(make_staff("moderator1", "letter moderator"))
    moderator_counts = waiting(client)

    # An editor publishes news posts, so the count is shown, and their own submissions are not
    # theirs to decide.
    assert editor_counts["Records waiting for your review"] == 0
    assert editor_counts["Records to check"] >= 1
    assert reviewer_counts["Records waiting for your review"] == 2
    assert moderator_counts == {"Letters waiting for moderation": 0}


def test_letters_waiting_for_moderation_are_counted(client, make_staff):
    person = f.writable_person()
    f.LetterFactory(person=person, status=Letter.Status.CONFIRMED)
    f.LetterFactory(person=person, status=Letter.Status.APPROVED)
    client.force_login(make_staff("moderator1", "letter moderator"))

    assert waiting(client) == {"Letters waiting for moderation": 1}


def test_every_declared_model_and_link_exists():
    from django.apps import apps
    from django.urls import NoReverseMatch

    for app_config, section in plugins.backoffice_sections():
        for name in section.models:
            label, model = name.split(".") if "." in name else (app_config.label, name)
            assert apps.get_model(label, model)
        for link in section.links:
            try:
                reverse(link.url_name)
            except NoReverseMatch:
                pytest.fail(f"{link.url_name} does not resolve")
    for count in plugins.waiting_counts():
        reverse(count.url_name)
