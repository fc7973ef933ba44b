"""Request bodies refused before they are read; images refused from their header."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from unheard.core.images import image_clean

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/en/", "/en/contact/", "/admin/login/"])
def test_a_body_announced_too_large_is_refused_unread(client, settings, path):
    settings.UNHEARD_MAX_REQUEST_BYTES = 1024 * 1024
    # The body is one byte: had the site tried to read the announced 40 MB, the test client's
    # stream would have failed ("Cannot read more than the available bytes").
    response = client.generic(
        "POST", path, b"x", content_type="application/octet-stream", CONTENT_LENGTH=str(40 << 20)
    )
    assert response.status_code == 413
    assert "at most 1 MB" in response.content.decode()


def test_the_api_refuses_in_its_own_format(client, settings):
    settings.UNHEARD_MAX_REQUEST_BYTES = 1024
    response = client.generic("POST", "/api/v1/people", b"x", CONTENT_LENGTH="4096")
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"


def test_a_body_within_the_limit_goes_through(client, settings):
    settings.UNHEARD_MAX_REQUEST_BYTES = 1024 * 1024
    assert client.post("/admin/login/", {"username": "x", "password": "y"}).status_code == 200


def test_pillow_decodes_no_more_pixels_than_an_upload_may_have(settings):
    assert Image.MAX_IMAGE_PIXELS == settings.UNHEARD_IMAGE_MAX_PIXELS


def test_an_image_over_the_pixel_limit_is_refused_from_its_header(settings):
    settings.UNHEARD_IMAGE_MAX_PIXELS = 1_000_000
    output = io.BytesIO()
    Image.new("1", (1200, 1000)).save(output, format="PNG")
    upload = SimpleUploadedFile("big.png", output.getvalue(), content_type="image/png")
    with pytest.raises(ValidationError) as refused:
        image_clean(upload)
    assert refused.value.code == "too_many_pixels"
