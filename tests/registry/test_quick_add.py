"""Quick add: a new detention on one page (`services.detention_add`, the admin page)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from tests import factories as f
from unheard.core.models import AuditEntry, PublicationState, Source
from unheard.registry import services
from unheard.registry.models import Case, Charge, Person, TimelineEvent

pytestmark = pytest.mark.django_db

URL = "admin:registry_person_quick_add"


def form_data(**changes):
    article = f.ArticleFactory(number="280.3")
    facility = f.FacilityFactory()
    data = {
        "surname": "Тестова",
        "given_name": "Мария",
        "patronymic": "",
        "display_name_en": "Maria Testova",
        "status": "pre_trial",
        "case": "",
        "new_case_name": "Case of the anti-war leaflets",
        "article": article.pk,
        "part": "1",
        "detained_on": "2025-03-14",
        "detained_on_precision": "day",
        "facility": facility.pk,
        "source": "",
        "new_source_title": "OVD-Info: Maria Testova detained",
        "new_source_url": "https://example.org/testova",
    }
    data.update(changes)
    return data


def test_an_editor_adds_a_detention_in_one_page(client, make_staff):
    editor = make_staff("editor1", "editor")
    client.force_login(editor)
    assert client.get(reverse(URL)).status_code == 200

    response = client.post(reverse(URL), form_data())

    person = Person.objects.get(display_name_en="Maria Testova")
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:registry_person_change", args=[person.pk])
    source = Source.objects.get(title="OVD-Info: Maria Testova detained")
    case = Case.objects.get(name_en="Case of the anti-war leaflets")
    charge = Charge.objects.get(person=person)
    event = TimelineEvent.objects.get(person=person)
    assert person.slug == "maria-testova"
    assert person.publication_state == PublicationState.DRAFT
    assert person.current_facility == event.facility
    assert list(person.case_links.values_list("case", flat=True)) == [case.pk]
    assert (charge.case, charge.article.number, charge.part) == (case, "280.3", "1")
    assert (event.kind, event.date, event.case) == ("detention", dt.date(2025, 3, 14), case)
    for record in (person, case, charge, event):
        assert list(record.sources.all()) == [source]
    actions = set(AuditEntry.objects.values_list("action", flat=True))
    assert {"source_add", "person_create", "case_create", "charge_add", "event_add"} <= actions
    assert set(AuditEntry.objects.values_list("acting_user", flat=True)) == {editor.pk}


def test_an_existing_case_and_source_are_reused(client, make_staff):
    client.force_login(make_staff("editor1", "editor"))
    case, source = f.CaseFactory(), f.SourceFactory()

    client.post(
        reverse(URL),
        form_data(case=case.pk, new_case_name="", source=source.pk, new_source_title=""),
    )

    person = Person.objects.get()
    assert Case.objects.count() == 1 and Source.objects.count() == 1
    assert person.charges.get().case == case
    assert list(person.events.get().sources.all()) == [source]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"new_source_title": ""}, "Pick the source or give the title of a new one."),
        ({"new_case_name": ""}, "Pick the case or name a new one."),
        ({"detained_on": "2999-01-01"}, "The date is in the future."),
        ({"detained_on": "yesterday"}, "Enter a valid date."),
    ],
)
def test_bad_input_says_why_and_writes_nothing(client, make_staff, changes, message):
    client.force_login(make_staff("editor1", "editor"))

    response = client.post(reverse(URL), form_data(**changes))

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Person.objects.exists() and not Case.objects.exists()
    assert not Source.objects.exists() and not AuditEntry.objects.exists()


@pytest.mark.parametrize(
    ("role", "status"), [("translator", 403), ("treasurer", 403), ("reviewer", 200)]
)
def test_only_those_who_add_people_may_quick_add(client, make_staff, role, status):
    client.force_login(make_staff("someone", role))

    assert client.get(reverse(URL)).status_code == status


def test_the_service_needs_a_source():
    with pytest.raises(ValidationError):
        services.detention_add(
            person={"surname": "Тест", "given_name": "Тест", "display_name_en": "Test"},
            new_case={"name_en": "A case"},
            charge={"article": f.ArticleFactory()},
            detention={"date": dt.date(2025, 1, 1)},
            acting_user=None,
        )
    assert not Person.objects.exists()
