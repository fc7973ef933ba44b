"""The static mirror: relative links, no forms, the banner, spellings for the search index,
refusals, and updates that re-render only what changed."""

import json
import re
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from unheard.mirror import bulk, rewrite
from unheard.mirror.build import MANIFEST, MirrorRefused, _match, mirror_build
from unheard.registry.models import Person

pytestmark = pytest.mark.django_db

ADDRESS = re.compile(r"""\b(?:href|src)="([^"#]*)""")


def _pages(out):
    return sorted(p for p in out.rglob("*.html") if "pagefind" not in p.parts)


def test_every_address_is_relative_and_leads_to_a_file(mirror):
    out, report = mirror
    assert report.pages > 200 and not [m for m in report.missing if "[500]" in m]
    for page in _pages(out):
        html = page.read_text(encoding="utf-8")
        for address in ADDRESS.findall(html):
            if not address or rewrite.ELSEWHERE.match(address):
                continue
            assert not address.startswith("/"), (page, address)
            assert (page.parent / address).resolve().is_file(), (page, address)


def test_pages_have_no_forms_and_carry_the_banner(mirror):
    out, _report = mirror
    for page in _pages(out):
        html = page.read_text(encoding="utf-8")
        assert "<form" not in html, page
        assert 'class="mirror-banner"' in html, page
    home = (out / "ru" / "index.html").read_text(encoding="utf-8")
    assert "Это копия сайта" in home or "mirror-banner" in home


def test_the_open_data_and_static_files_are_copied(mirror):
    out, _report = mirror
    assert (out / "en" / "data" / "datapackage.json").is_file()
    assert (out / "en" / "data" / "people.csv").read_text(encoding="utf-8").startswith("id,")
    assert (out / "static" / "unheard" / "site.css").is_file()
    assert (out / "pagefind" / "pagefind-ui.js").is_file()
    assert (out / "en" / "search" / "index.html").is_file()


def test_a_person_page_carries_the_spellings_of_the_name(mirror):
    out, _report = mirror
    page = (out / "en" / "people" / "azat-miftakhov" / "index.html").read_text(encoding="utf-8")
    spellings = re.search(r"data-mirror-spellings>([^<]*)<", page)[1].split()
    assert {"miftahov", "miftachow", "miftakhov"} <= set(spellings)


def test_no_draft_person_in_the_mirror(demo, mirror):
    out, _report = mirror
    with demo.unblock():
        hidden = list(
            Person.objects.exclude(pk__in=Person.objects.public()).values_list("slug", flat=True)
        )
        shown = list(Person.objects.public().values_list("slug", flat=True))
    assert shown
    for slug in shown:
        assert (out / "en" / "people" / slug / "index.html").is_file()
    for slug in hidden:
        assert not (out / "en" / "people" / slug).exists()


def test_file_names_of_addresses():
    assert rewrite.file_for("/en/people/") == "en/people/index.html"
    assert rewrite.file_for("/en/people/?page=2") == "en/people/page-2/index.html"
    assert rewrite.file_for("/en/data/people.csv") == "en/data/people.csv"
    assert (
        rewrite.file_for("/en/report/csv/", "text/csv; charset=utf-8") == "en/report/csv/index.csv"
    )
    assert rewrite.on_site("?all=1", "/en/articles/uk-rf/") == "/en/articles/uk-rf/?all=1"
    assert rewrite.on_site("https://example.org/", "/en/") is None
    assert rewrite.file_for("/en/people/?status=held") is None
    assert rewrite.file_for("/en/people/?page=2&status=held") is None
    assert rewrite.relative("en/people/index.html", "en/people/x/index.html") == "../index.html"


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def test_a_non_empty_folder_is_refused_without_force(tmp_path, db, english):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(MirrorRefused, match="not empty"):
        mirror_build(out=tmp_path, languages=["en"])
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
    with pytest.raises(CommandError, match="--force"):
        call_command("mirror", "--out", str(tmp_path))
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]


def test_update_of_a_folder_without_a_mirror_is_refused(tmp_path, db, english):
    with pytest.raises(MirrorRefused, match="no mirror to update"):
        mirror_build(out=tmp_path, languages=["en"], update=True)
    with pytest.raises(MirrorRefused, match="Unknown language"):
        mirror_build(out=tmp_path / "new", languages=["xx"])
    assert not (tmp_path / "new").exists()


def test_an_update_re_renders_what_changed(demo, mirror, tmp_path):
    out, full = mirror
    copy = tmp_path / "copy"
    shutil.copytree(out, copy)
    with demo.unblock():
        person = Person.objects.public().get(slug="azat-miftakhov")
        other = (
            Person.objects.public()
            .exclude(pk=person.pk)
            .exclude(cases__in=person.cases.all())
            .first()
        )
        Person.objects.filter(pk=person.pk).update(summary_en="A new summary written today.")
        person.refresh_from_db()
        person.save(update_fields=["updated_at"])
        untouched = copy / "en" / "people" / other.slug / "index.html"
        before = untouched.stat().st_mtime_ns
        report = mirror_build(out=copy, languages=["en", "ru"], update=True)
    page = (copy / "en" / "people" / "azat-miftakhov" / "index.html").read_text(encoding="utf-8")
    assert "A new summary written today." in page
    assert untouched.stat().st_mtime_ns == before
    assert report.rendered < report.pages
    # Every page stays, also those only kept pages link to (a person's reminder form).
    assert report.pages == full.pages
    assert [p.relative_to(copy) for p in _pages(copy)] == [p.relative_to(out) for p in _pages(out)]
    manifest = json.loads((copy / MANIFEST).read_text())
    assert manifest["languages"] == ["en", "ru"]


def test_forms_that_need_the_server_are_left_out_and_their_links_keep_their_text(mirror):
    out, _report = mirror
    assert not list(out.glob("*/people/*/remind"))
    page = (out / "en" / "people" / "azat-miftakhov" / "index.html").read_text(encoding="utf-8")
    assert "Remind me by e-mail before" in page
    assert "remind/" not in page


STAMPS = (  # when the file was made: a calendar's DTSTAMP, the date of a feed without entries
    (re.compile(rb"DTSTAMP:\d{8}T\d{6}Z"), b"DTSTAMP:", 0),
    (re.compile(rb"<lastBuildDate>[^<]*</lastBuildDate>"), b"<lastBuildDate/>", 1),
    (re.compile(rb"^(.*?)<updated>[^<]*</updated>", re.DOTALL), rb"\1<updated/>", 1),
)


def _unstamped(response) -> bytes:
    """The content, without the one allowed difference: when the file was made."""
    content = response.content
    for stamp, replacement, count in STAMPS:
        content = stamp.sub(replacement, content, count=count)
    return content


def test_a_persons_pages_rendered_in_batches_are_the_sites_own(demo, monkeypatch):
    """The mirror renders people's pages batch by batch, by their views called straight
    (`mirror/bulk.py`): the same bytes as the site's answers one page at a time, in far fewer
    queries; batches small enough that co-defendants fall in different ones."""
    monkeypatch.setattr(bulk, "BATCH_SIZE", 7)
    client = Client()
    with demo.unblock():
        slugs = list(Person.objects.public().order_by("pk").values_list("slug", flat=True))
        urls = []
        for code in ("en", "ru"):
            with translation.override(code):
                urls += [reverse(v, kwargs={"slug": s}) for s in slugs for v in bulk.PERSON_VIEWS]
        connection.queries_log.clear()  # bounded: a full log counts no more
        with CaptureQueriesContext(connection) as single_queries:
            one_by_one = {url: client.get(url) for url in urls}
        single = len(single_queries)
        connection.queries_log.clear()
        with CaptureQueriesContext(connection) as queries:
            batched = dict(bulk.responses(urls, _match, client))
    assert len(slugs) > 14 and {r.status_code for r in one_by_one.values()} == {200}
    assert sorted(batched) == sorted(urls)  # every one, a batch's people together
    assert not [url for url, r in batched.items() if hasattr(r, "wsgi_request")]  # no client
    differ = [url for url in urls if _unstamped(batched[url]) != _unstamped(one_by_one[url])]
    assert not differ, [_first_difference(batched[url], one_by_one[url]) for url in differ[:5]]
    assert len(queries) < single / 3, (len(queries), single)


def test_the_page_of_no_public_person_answers_404_without_the_client():
    url = "/en/people/nobody-by-this-name/"
    response = dict(bulk.responses([url], _match, Client()))[url]
    assert response.status_code == 404 and not hasattr(response, "wsgi_request")


def _first_difference(one, other) -> tuple[bytes, bytes]:
    at = next(i for i, (a, b) in enumerate(zip(one.content, other.content, strict=False)) if a != b)
    return one.content[at - 60 : at + 60], other.content[at - 60 : at + 60]
