"""The petition pages, the demo open letter, and the signatures file for organisers only."""

import csv
import io

import pytest
from django.contrib.auth.models import Group

from tests.petitions.conftest import sign
from unheard.core.roles import roles_sync
from unheard.petitions import services
from unheard.petitions.demo_loader import demo_load
from unheard.petitions.models import NotableSignatory, Petition, Signature
from unheard.registry.demo_loader import demo_load as registry_demo_load

pytestmark = pytest.mark.django_db


def test_the_list_and_a_page_show_progress_and_targets(client, petition):
    Signature.objects.create(
        petition=petition, name="X", country="FR", email="x@example.org", is_confirmed=True
    )
    listing = client.get("/en/petitions/").content.decode()
    assert "Free the prisoners of the test case" in listing and "1 signature" in listing
    page = client.get("/en/petitions/free-them/").content.decode()
    assert "Embassy of Russia in Berlin (embassy or consulate)" in page
    assert "1 confirmed signature — goal: 4" in page
    assert '<progress max="100" value="25"' in page
    assert "X," not in page, "a signer who did not choose to be shown is not"


def test_a_draft_petition_has_no_page(client, draft_petition):
    assert client.get("/en/petitions/draft-one/").status_code == 404
    assert "Draft petition" not in client.get("/en/petitions/").content.decode()


def test_the_demo_open_letter_of_seed_004_in_four_languages(client):
    registry_demo_load()
    demo_load()
    letter = Petition.objects.get(slug="russian-radical-left-call-for-solidarity-2012")
    assert letter.kind == Petition.Kind.OPEN_LETTER and not letter.accepts_signatures
    names = list(NotableSignatory.objects.filter(petition=letter).values_list("name", flat=True))
    assert names == [
        "The Russian Socialist Movement",
        "Autonomous Action - Moscow",
        "The Left Front",
    ]
    for lang, word in (
        ("en", "open letter"),
        ("ru", "Полный текст"),
        ("de", "Brief"),
        ("fr", "lettre"),
    ):
        page = client.get(f"/{lang}/petitions/{letter.slug}/").content.decode()
        assert word in page, lang
        assert "internationalviewpoint.org/spip.php?article2834" in page
    assert demo_load().created == {}, "loading again changes nothing"


def test_the_signatures_file_is_for_organisers_only(client, petition, make_staff, smtp_server):
    sign(client, petition, name='=HYPERLINK("http://evil")', email="eve@example.org")
    Signature.objects.update(is_confirmed=True)
    roles_sync()
    url = f"/admin/petitions/petition/{petition.pk}/signatures.csv"
    translator = make_staff("translator-user", "translator")
    client.force_login(translator)
    assert client.get(url).status_code in (302, 403)
    organiser = make_staff("organiser-user", "organiser")
    assert Group.objects.get(name="organiser").permissions.filter(codename="export_signatures")
    client.force_login(organiser)
    response = client.get(url)
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:4] == ["name", "city", "country", "e-mail"]
    assert rows[1][0] == '\'=HYPERLINK("http://evil")', "a formula is escaped"
    assert rows[1][3] == "eve@example.org"


def test_a_delivery_closes_the_petition_to_signatures(client, petition):
    services.delivery_record(
        petition=petition,
        data={"delivered_on": "2026-11-20", "recipient": "Bundestag", "method": "post"},
        acting_user=None,
    )
    page = client.get("/en/petitions/free-them/").content.decode()
    assert "Delivered on" in page and "Bundestag" in page
    assert "it takes no more signatures" in page
