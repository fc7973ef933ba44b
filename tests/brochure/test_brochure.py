"""The brochure: a PDF that pypdf opens, with each chapter's names in the right script and a
table of contents whose page numbers match the pages."""

import io
import re

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from unheard.brochure.build import BrochureRefused, brochure_render
from unheard.core.models import PublicationState
from unheard.registry.models import Case, Person

pytestmark = pytest.mark.django_db

TOC_LINE = re.compile(r"^(?P<title>.+?)\s*\.{3,}\s*(?P<page>\d+)$", re.MULTILINE)


def _pages(content: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(content)).pages]


def _two_cases():
    return list(Case.objects.public().filter(slug__startswith="azat-miftakhov").order_by("slug"))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_toc_page_numbers_match_the_chapters(demo, language):
    cases = _two_cases()
    pdf = brochure_render(language=language, case_slugs=[c.slug for c in cases])
    pages = _pages(pdf.content)
    assert pdf.pages == len(pages) > 4
    entries = {m["title"].strip(): int(m["page"]) for m in TOC_LINE.finditer(pages[1])}
    assert len(entries) == len(cases) + 4, entries
    for case in cases:
        name = getattr(case, f"name_{language}") or case.name
        page = entries[name]
        assert " ".join(pages[page - 1].split()).startswith(name), (name, page)


def test_names_in_the_right_script(demo):
    slugs = [c.slug for c in _two_cases()]
    ru = "\n".join(_pages(brochure_render(language="ru", case_slugs=slugs).content))
    en = "\n".join(_pages(brochure_render(language="en", case_slugs=slugs).content))
    assert "Азат Мифтахов" in ru
    assert "Azat Miftakhov" in en
    assert "Мифтахов Азат" in en  # the name in the original script beside the display name


def test_a_draft_person_is_left_out(demo):
    case = _two_cases()[0]
    person = Person.objects.public().filter(case_links__case=case).first()
    Person.objects.filter(pk=person.pk).update(
        publication_state=PublicationState.DRAFT, internal_notes="zqbrochurex"
    )
    with pytest.raises(BrochureRefused, match="no published person"):
        brochure_render(language="en", case_slugs=[case.slug])


def test_bad_input_is_refused(demo, tmp_path):
    with pytest.raises(BrochureRefused, match="Unknown language"):
        brochure_render(language="xx")
    with pytest.raises(BrochureRefused, match="Unknown case"):
        brochure_render(language="en", case_slugs=["no-such-case"])
    with pytest.raises(BrochureRefused, match="Unknown person"):
        brochure_render(language="en", person_slugs=["no-such-person"])
    case = _two_cases()[0]
    outsider = Person.objects.public().exclude(case_links__case=case).first()
    with pytest.raises(BrochureRefused, match="no published person"):
        brochure_render(language="en", case_slugs=[case.slug], person_slugs=[outsider.slug])
    out = tmp_path / "b.pdf"
    with pytest.raises(CommandError, match="Unknown language"):
        call_command("brochure", "--lang", "xx", "--out", str(out))
    assert not out.exists()


def test_the_command_writes_the_pdf(demo, tmp_path):
    out = tmp_path / "b.pdf"
    call_command("brochure", "--lang", "de", "--case", _two_cases()[0].slug, "--out", str(out))
    assert PdfReader(out).pages


# From the back office, as a background task ---------------------------------------------------


def test_an_editor_orders_a_brochure_and_downloads_it(
    demo, client, make_staff, django_capture_on_commit_callbacks
):
    from unheard.brochure.models import BrochureJob

    client.force_login(make_staff("brochure-editor", "editor"))
    case = _two_cases()[0]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(
            "/admin/brochure/brochurejob/add/", {"language": "de", "cases": [case.slug]}
        )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    job = BrochureJob.objects.get()
    assert job.status == BrochureJob.Status.DONE and job.pages > 2
    listing = client.get("/admin/brochure/brochurejob/").content.decode()
    download = f"/admin/brochure/brochurejob/{job.pk}/pdf/"
    assert download in listing
    pdf = b"".join(client.get(download).streaming_content)
    assert (case.name_de or case.name) in " ".join(" ".join(_pages(pdf)).split())


@pytest.mark.parametrize(
    ("language", "cases", "message"),
    [
        ("es", ["x"], "Select a valid choice"),
        ("en", [], "Choose at least one case or one person."),
    ],
)
def test_a_bad_order_is_refused_with_a_message(demo, client, make_staff, language, cases, message):
    from unheard.brochure.models import BrochureJob

    client.force_login(make_staff("brochure-editor", "editor"))
    answer = client.post("/admin/brochure/brochurejob/add/", {"language": language, "cases": cases})
    assert answer.status_code == 200 and message in answer.content.decode()
    assert not BrochureJob.objects.exists()


def test_the_service_refuses_an_unknown_language_or_an_empty_selection(demo):
    from django.core.exceptions import ValidationError

    from unheard.brochure.models import BrochureJob
    from unheard.brochure.services import brochure_request

    with pytest.raises(ValidationError, match="Unknown language"):
        brochure_request(language="es", case_slugs=["x"], person_slugs=[], acting_user=None)
    with pytest.raises(ValidationError, match="at least one case"):
        brochure_request(language="en", case_slugs=[], person_slugs=[], acting_user=None)
    with pytest.raises(ValidationError, match="Unknown person"):
        brochure_request(language="en", case_slugs=[], person_slugs=["nobody"], acting_user=None)
    assert not BrochureJob.objects.exists()
