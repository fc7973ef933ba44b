"""Attachments are recognised by content and rewritten without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin

from unheard.core.images import image_clean


def upload(content: bytes, name="picture.png"):
    return SimpleUploadedFile(name, content)


def png_with_text() -> bytes:
    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Secret Person")
    info.add_text("GPS", "55.75,37.61")
    output = io.BytesIO()
    Image.new("RGBA", (50, 40), (10, 20, 30, 128)).save(output, format="PNG", pnginfo=info)
    return output.getvalue()


def test_png_text_chunks_are_removed():
    clean = image_clean(upload(png_with_text()))
    assert clean.content_type == "image/png" and clean.extension == "png"
    assert b"Secret Person" not in clean.content and b"55.75" not in clean.content
    assert Image.open(io.BytesIO(clean.content)).info.get("Author") is None


def test_the_name_does_not_matter_only_the_content():
    clean = image_clean(upload(png_with_text(), name="holiday.jpg"))
    assert clean.content_type == "image/png"


@pytest.mark.parametrize(
    "content",
    [
        b"\x7fELF\x02\x01\x01" + b"\x00" * 100,
        b"MZ" + b"\x00" * 100,
        b"%PDF-1.4\n",
        b"GIF89a" + b"\x00" * 20,
        b"",
    ],
)
def test_other_files_are_refused(content):
    with pytest.raises(ValidationError) as refused:
        image_clean(upload(content, name="photo.jpg"))
    assert refused.value.code == "not_an_image"


def test_a_gif_is_refused_even_though_it_is_a_picture():
    output = io.BytesIO()
    Image.new("RGB", (10, 10)).save(output, format="GIF")
    with pytest.raises(ValidationError):
        image_clean(upload(output.getvalue(), name="a.gif"))


def test_too_many_pixels():
    output = io.BytesIO()
    Image.new("1", (8000, 6000)).save(output, format="PNG")
    with pytest.raises(ValidationError) as refused:
        image_clean(upload(output.getvalue()))
    assert refused.value.code == "too_many_pixels"


def test_large_pictures_are_scaled_to_print_size():
    output = io.BytesIO()
    Image.new("RGB", (4000, 3000), "white").save(output, format="JPEG")
    clean = image_clean(upload(output.getvalue(), name="big.jpg"))
    assert max(clean.width, clean.height) == 2400
