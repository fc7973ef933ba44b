"""People's photos at /media/people/<name>: served only while the visibility policy shows them."""

import io

import pytest
from django.core.files.base import ContentFile
from PIL import Image

from tests import factories as f

pytestmark = pytest.mark.django_db


def jpeg() -> bytes:
    output = io.BytesIO()
    Image.new("RGB", (30, 40), "navy").save(output, format="JPEG")
    return output.getvalue()


@pytest.fixture
def media(settings, tmp_path):
    """Real files on disk (the test settings keep media in memory)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    }
    settings.MEDIA_ROOT = tmp_path
    settings.UNHEARD_MEDIA_ACCEL_PREFIX = ""
    return tmp_path


@pytest.fixture
def person(media):
    person = f.published(f.PersonFactory(photo_credit="Family archive", photo_consent=True))
    person.photo.save("portrait.jpg", ContentFile(jpeg()))
    return person


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_consented_photo_of_a_published_person_is_served(client, person, media):
    # Stored under a random name: neither the person's name nor the uploaded file's name.
    assert person.photo.name.startswith("people/") and person.photo.name.endswith(".jpg")
    assert "portrait" not in person.photo.name and len(person.photo.name) > 25
    assert person.photo.url == f"/media/{person.photo.name}"
    response = client.get(person.photo.url)
    assert response.status_code == 200
    assert body(response) == (media / person.photo.name).read_bytes()
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=300"


@pytest.mark.parametrize(
    "hide",
    [
        pytest.param({"photo_consent": False}, id="consent withdrawn"),
        pytest.param({"publication_state": "draft"}, id="draft"),
        pytest.param({"publication_state": "review"}, id="in review"),
        pytest.param({"is_synthetic": True}, id="synthetic"),
    ],
)
def test_a_photo_the_policy_hides_is_not_found(client, person, hide):
    url = person.photo.url
    assert client.get(url).status_code == 200
    type(person).objects.filter(pk=person.pk).update(**hide)
    assert client.get(url).status_code == 404


def test_a_file_no_person_names_is_not_found(client, person, media):
    (media / "people" / "kept-after-removal.jpg").write_bytes(jpeg())
    assert client.get("/media/people/kept-after-removal.jpg").status_code == 404
    # Nor anything else under media: letters' attachments have no public address at all.
    (media / "letters").mkdir()
    (media / "letters" / "scan.jpg").write_bytes(jpeg())
    assert client.get("/media/letters/scan.jpg").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/media/people/../letters/scan.jpg",
        "/media/people/%2e%2e/letters/scan.jpg",
        "/media/people/%2E%2E%2Fletters%2Fscan.jpg",
        "/media/people/..%5Cletters%5Cscan.jpg",
        "/media/people//etc/passwd",
        "/media/people/./portrait.jpg",
    ],
)
def test_a_path_out_of_the_folder_is_not_found(client, person, media, path):
    (media / "letters").mkdir()
    (media / "letters" / "scan.jpg").write_bytes(jpeg())
    # A person whose photo field names a file elsewhere (only a direct database write can).
    f.published(f.PersonFactory(photo="people/../letters/scan.jpg", photo_consent=True))
    assert client.get(path).status_code == 404


def test_behind_nginx_the_view_answers_with_x_accel_redirect(client, person, settings):
    settings.UNHEARD_MEDIA_ACCEL_PREFIX = "/internal-media/"
    response = client.get(person.photo.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/internal-media/{person.photo.name}"
    assert response["Content-Type"] == "image/jpeg"
    assert response["Cache-Control"] == "public, max-age=300"
    assert response.content == b""
    person.photo_consent = False
    person.save()
    response = client.get(person.photo.url)
    assert response.status_code == 404 and "X-Accel-Redirect" not in response


def test_the_person_page_links_the_photo_it_serves(client, person):
    page = client.get(person.get_absolute_url()).content.decode()
    assert f'src="{person.photo.url}"' in page
    person.photo_consent = False
    person.save()
    assert person.photo.url not in client.get(person.get_absolute_url()).content.decode()


def test_staff_who_may_view_people_see_a_hidden_photo_that_no_cache_keeps(
    client, person, media, make_staff
):
    type(person).objects.filter(pk=person.pk).update(publication_state="draft", photo_consent=False)
    url = person.photo.url
    assert client.get(url).status_code == 404
    client.force_login(make_staff("no-role"))  # staff, but no role: may not view people
    assert client.get(url).status_code == 404
    client.force_login(make_staff("ed", "editor"))
    response = client.get(url)
    assert response.status_code == 200
    assert body(response) == (media / person.photo.name).read_bytes()
    assert response["Cache-Control"] == "private, no-store"
    # The back office's form links the photo at that address.
    change = client.get(f"/admin/registry/person/{person.pk}/change/").content.decode()
    assert f'href="{url}"' in change
    client.logout()
    assert client.get(url).status_code == 404


def test_staff_get_a_public_photo_as_everyone_does(client, person, make_staff):
    client.force_login(make_staff("ed", "editor"))
    response = client.get(person.photo.url)
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=300"
    assert client.get("/media/people/no-such-photo.jpg").status_code == 404
