"""The static mirror: every public page in every language, the open data, the statistics'
files and a client-side search index, in a folder that any static host or a USB stick can serve.

How a mirror is made:
1. Pages are rendered by the site itself (Django's test client, no network), starting from
   `paths.public_paths()` in each language and following every link to the site that a file can
   hold (see `rewrite.file_for`); what answers anything but 200 is left out. The pages of a
   round of the crawl are shared among `jobs` forked processes, as is the rewriting below.
2. Each page is rewritten (`rewrite.py`): relative addresses, no forms, the banner with the
   date of the copy; a person's page gets the romanised spellings of the name (as the site's
   own search knows them), hidden, for the index.
3. The static files the pages use are copied, and pagefind indexes the pages.

`update=True` rebuilds an earlier mirror in place: the pages of records changed since it was
made, the pages without a record (home, lists, statistics) and the open data; the pages of
records still public are kept. A folder that is not empty and holds no mirror is refused unless
`force=True`.
"""

from __future__ import annotations

import datetime as dt
import json
import multiprocessing
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.staticfiles import finders
from django.core.files.storage import default_storage
from django.db import connections
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from unheard.mirror import bulk, paths, rewrite, search_index
from unheard.mirror import update as update_policy

MANIFEST = ".unheard-mirror.json"
# Pages that need the server (forms, the back office's tools) or that the mirror makes itself.
# A link to one keeps its text and loses its address (`rewrite.rewrite_page`).
LEFT_OUT = {
    "agenda:reminder_form",
    "agenda:action_reminder_form",
    "letters:letter_form",
    "letters:submitted",
    "letters:confirm",
    "letters:revise",
    "registry:translation_dashboard",
    "registry:translation_mark",
    "search:results",
}
STATIC_REFERENCE = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)""")
MADE_BY_MIRROR = ("pagefind/",)
FEW = 20  # items per job below which forking processes costs more than it saves


class MirrorRefused(Exception):
    """The folder or the options do not allow a mirror; nothing was written."""


@dataclass
class MirrorReport:
    pages: int = 0
    files: int = 0
    rendered: int = 0
    seconds: float = 0.0
    missing: list[str] = field(default_factory=list)
    # seconds: plan (what an update keeps, the pages to start from), pages, static, index,
    # manifest
    phases: dict[str, float] = field(default_factory=dict)
    why_everywhere: list[str] = field(default_factory=list)  # an update that renders all again


@dataclass
class Page:
    url: str
    file: str
    html: bool
    links: list[str] = field(default_factory=list)  # the site's pages it links to


class Mirror:
    def __init__(self, out: Path, *, languages: list[str], base_url: str = "") -> None:
        self.out = out
        self.languages = languages
        self.base_url = base_url
        self.client = Client(HTTP_HOST=_host(base_url))
        self.pages: dict[str, Page] = {}
        self.static: set[str] = set()
        self.day = timezone.localdate()
        self.raw = Path(tempfile.mkdtemp(prefix="unheard-mirror-"))
        self.why_everywhere: list[str] = []  # why an update renders every page again

    # Fetching ----------------------------------------------------------------------------

    def in_languages(self, url: str) -> bool:
        return any(urlsplit(url).path.startswith(f"/{code}/") for code in self.languages)

    def wanted(self, url: str) -> bool:
        if not self.in_languages(url):
            return False
        if rewrite.file_for(url) is None:
            return False
        view_name = _view_name(url)
        return bool(view_name) and view_name not in LEFT_OUT

    def crawl(
        self, seeds: list[str], *, keep: dict[str, Page] | None = None, jobs: int = 1
    ) -> list[str]:
        """Fetch the seeds and every page they lead to, round by round (a round's pages shared
        among `jobs` processes); a page in `keep` is not fetched again (its file stays as it
        is) and not followed: an update seeds every page it keeps."""
        keep = keep or {}
        todo = [url for url in dict.fromkeys(seeds) if self.in_languages(url)]  # not a post
        seen, missing = set(todo), []  # in another language
        while todo:
            self.pages.update({url: keep[url] for url in todo if url in keep})
            fetched = _shared(self._fetch_share, [url for url in todo if url not in keep], jobs)
            todo = []
            for pages, static, gone, links in fetched:
                self.pages.update(pages)
                self.static |= static
                missing += gone
                for link in links:
                    if link not in seen:
                        seen.add(link)
                        if self.wanted(link):
                            todo.append(link)
        return missing

    def _fetch_share(self, urls: list[str]) -> tuple[dict[str, Page], set[str], list[str], list]:
        """Fetch these pages: those written, the static files they use, the addresses that
        answered anything but 200, and the other pages they link to."""
        pages: dict[str, Page] = {}
        static: set[str] = set()
        missing: list[str] = []
        links: dict[str, None] = {}
        for url, response in bulk.responses(urls, _match, self.client):  # people: bulk.py
            if response.status_code != 200:
                missing.append(f"{url} [{response.status_code}]")
                continue
            page, html = self._write_fetched(url, response)
            pages[url] = page
            for link in self._links(html, url) if html else ():
                if link.startswith(settings.STATIC_URL):
                    static.add(link.removeprefix(settings.STATIC_URL))
                else:
                    links[link] = None
                    page.links.append(link)
        return pages, static, missing, list(links)

    def _write_fetched(self, url: str, response) -> tuple[Page, str]:
        """The page's file: written as it is, or for HTML kept to be rewritten (its text)."""
        content = b"".join(response.streaming_content) if response.streaming else response.content
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        page = Page(url, rewrite.file_for(url, content_type), is_html)
        target = self.out / page.file
        target.parent.mkdir(parents=True, exist_ok=True)
        if not is_html:
            target.write_bytes(content)
            return page, ""
        html = content.decode("utf-8")
        (self.raw / page.file).parent.mkdir(parents=True, exist_ok=True)
        (self.raw / page.file).write_text(html, encoding="utf-8")
        return page, html

    def _links(self, html: str, page_url: str) -> list[str]:
        """The site's addresses the page links to or loads, without fragments."""
        links = []
        for _attribute, address in rewrite.ADDRESS.findall(html):
            url = (rewrite.on_site(address, page_url) or "").split("#", 1)[0]
            if url:
                links.append(url)
        return links

    # Writing -----------------------------------------------------------------------------

    def resolve_file(self, url: str) -> str | None:
        if url.startswith(settings.STATIC_URL):
            return "static/" + url.removeprefix(settings.STATIC_URL)
        if url.startswith(settings.MEDIA_URL):
            name = url.removeprefix(settings.MEDIA_URL)
            return "media/" + name if self._copy_media(name) else None
        if url.lstrip("/").startswith(MADE_BY_MIRROR):
            return url.lstrip("/")
        page = self.pages.get(url)
        return page.file if page else None

    def write_pages(self, urls: list[str], *, jobs: int = 1) -> None:
        _shared(self._write_share, urls, jobs)

    def _write_share(self, urls: list[str]) -> None:
        banners = {code: self._banner(code) for code in self.languages}
        spellings = bulk.spellings(urls, _match)  # of the names on people's pages
        for url in urls:
            page = self.pages[url]
            if not page.html:
                continue
            html = (self.raw / page.file).read_text(encoding="utf-8")
            code = page.file.split("/", 1)[0]
            html = rewrite.rewrite_page(
                html,
                page_url=url,
                page_file=page.file,
                resolve_file=self.resolve_file,
                banner=banners.get(code, ""),
                extra_text=spellings.get(url, ""),
            )
            (self.out / page.file).write_text(html, encoding="utf-8")

    def _banner(self, code: str) -> str:
        with translation.override(code):
            languages = [(c, get_language_info(c)["name_local"]) for c in self.languages]
            return render_to_string(
                "mirror/banner.html",
                {"day": date_format(self.day, "DATE_FORMAT"), "languages": languages},
            )

    def write_search_pages(self) -> None:
        """The mirror's search page in each language, in place of the site's search."""
        for code in self.languages:
            with translation.override(code):
                url = f"/{code}/search/"
                request = RequestFactory().get(url, HTTP_HOST=_host(self.base_url))
                request.user = AnonymousUser()
                request.resolver_match = resolve(url)
                html = render_to_string("mirror/search.html", request=request)
            page = Page(url, rewrite.file_for(url), True)
            self.pages[url] = page
            raw = self.raw / page.file
            raw.parent.mkdir(parents=True, exist_ok=True)
            raw.write_text(html, encoding="utf-8")
            static = [
                link for link in self._links(html, url) if link.startswith(settings.STATIC_URL)
            ]
            self.static |= {link.removeprefix(settings.STATIC_URL) for link in static}

    def copy_static(self) -> int:
        copied, todo = 0, list(self.static)
        done: set[str] = set()
        while todo:
            name = todo.pop()
            if name in done:
                continue
            done.add(name)
            found = finders.find(name)
            if not found:
                continue
            target = self.out / "static" / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(found, target)
            copied += 1
            if name.endswith(".css"):
                for ref in STATIC_REFERENCE.findall(Path(found).read_text(encoding="utf-8")):
                    if not ref.startswith(("data:", "http:", "https:", "/", "#")):
                        todo.append(str(Path(name).parent / ref.split("?")[0]).lstrip("./"))
        return copied

    def _copy_media(self, name: str) -> bool:
        if not default_storage.exists(name):
            return False
        target = self.out / "media" / name
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            with default_storage.open(name, "rb") as source:
                target.write_bytes(source.read())
        return True

    def write_manifest(self, built_at: dt.datetime, record: dict) -> None:
        """The manifest: the pages, with the pages each links to (by position) but for the
        links every page has (the home page's links to pages about no single record, kept
        apart), and `record` (what the update compares: `update.py`)."""
        urls = list(self.pages)
        position = {url: n for n, url in enumerate(urls)}
        # Only the addresses of records the copy shows: a hidden record's address (a draft's
        # name in it) must not be in a public folder, and has no pages to render again.
        record["owners"] = {
            key: shown
            for key, addresses in record["owners"].items()
            if (shown := [address for address in addresses if address in position])
        }
        about_one = update_policy.about_one_record(urls, record["owners"])
        homes = [self.pages[f"/{code}/"] for code in self.languages if f"/{code}/" in self.pages]
        everywhere = {link for home in homes for link in home.links if link not in about_one}
        pages = {}
        for url, page in self.pages.items():
            targets = {
                position[link]
                for link in page.links
                if link in position and link != url and link not in everywhere
            }
            pages[url] = [page.file, page.html, sorted(targets)]
        manifest = {
            "built_at": built_at.isoformat(),
            "day": self.day.isoformat(),
            "languages": self.languages,
            "base_url": self.base_url,
            "pages": pages,
            "linked_everywhere": sorted(everywhere & set(position)),
            **record,
        }
        (self.out / MANIFEST).write_text(json.dumps(manifest), encoding="utf-8")


_work: Callable[[list], object] | None = None  # what the processes of `_shared` do


def _shared(work: Callable[[list], object], items: list, jobs: int) -> list:
    """`work(share)` for shares of `items`, in `jobs` processes forked from this one (each
    opens its own database connection), or here when one job is asked or the items are few (a
    late round of the crawl: the next page of a list); the results in a list."""
    global _work  # noqa: PLW0603 - read by the forked processes, not shared with them afterwards
    if jobs <= 1 or len(items) < FEW * jobs:
        return [work(items)]
    size = max(1, min(200, len(items) // (jobs * 4)))
    shares = [items[start : start + size] for start in range(0, len(items), size)]
    _work = work
    connections.close_all()  # a forked process must not use the connection of its parent
    try:
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.map(_work_on, shares, chunksize=1)
    finally:
        _work = None


def _work_on(share: list) -> object:
    return _work(share)


def default_jobs() -> int:
    """One process per core (what `--jobs` is worth asking for on a machine of its own)."""
    return os.cpu_count() or 1


def _jobs_possible(jobs: int) -> int:
    """`jobs`, or one where other processes would not see the data: inside a transaction, or
    in an SQLite database held in memory (tests)."""
    for connection in connections.all():
        in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
        if in_memory or connection.in_atomic_block:
            return 1
    return jobs


def _host(base_url: str = "") -> str:
    """The host pages are rendered for: the mirror's own when given, else the site's."""
    if base_url:
        return urlsplit(base_url).netloc
    hosts = [h for h in settings.ALLOWED_HOSTS if h not in ("*",) and not h.startswith(".")]
    return hosts[0] if hosts else "localhost"


def _match(url: str):
    """What a site path resolves to, in the language its prefix names (the URL patterns of
    each language match only while that language is active), or None."""
    path = urlsplit(url).path
    code = path.split("/")[1] if path.count("/") > 1 else ""
    known = {c for c, _name in settings.LANGUAGES}
    with translation.override(code if code in known else settings.LANGUAGE_CODE):
        try:
            return resolve(path)
        except Resolver404:
            return None


def _view_name(url: str) -> str:
    match = _match(url)
    return match.view_name if match else ""


def _check_folder(out: Path, *, force: bool, update: bool) -> dict | None:
    """The earlier mirror's manifest when updating; refuses what would mix a mirror with
    other files or update something that is not a mirror."""
    manifest = out / MANIFEST
    if update:
        if not manifest.exists():
            raise MirrorRefused(_("There is no mirror to update in %(out)s.") % {"out": out})
        return json.loads(manifest.read_text(encoding="utf-8"))
    if out.exists() and not out.is_dir():
        raise MirrorRefused(_("%(out)s is a file, not a folder.") % {"out": out})
    if out.exists() and any(out.iterdir()) and not force:
        raise MirrorRefused(
            _("The folder %(out)s is not empty; use --force to replace what it holds.")
            % {"out": out}
        )
    return None


def mirror_build(
    *,
    out: Path,
    languages: list[str] | None = None,
    base_url: str = "",
    force: bool = False,
    update: bool = False,
    jobs: int | None = None,
) -> MirrorReport:
    """Write (or, with `update`, refresh) the static mirror in `out`, rendering pages in `jobs`
    processes (by default one per core; one inside a transaction or an in-memory database)."""
    started = time.monotonic()
    built_at = timezone.now()
    languages = languages or [code for code, _name in settings.LANGUAGES]
    unknown = set(languages) - {code for code, _name in settings.LANGUAGES}
    if unknown:
        raise MirrorRefused(
            _("Unknown language: %(codes)s.") % {"codes": ", ".join(sorted(unknown))}
        )
    if jobs is not None and jobs < 1:
        raise MirrorRefused(_("The number of jobs must be at least 1."))
    earlier = _check_folder(out, force=force, update=update)
    if earlier is None and out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True, exist_ok=True)
    jobs = _jobs_possible(jobs or 1)
    mirror = Mirror(out, languages=languages, base_url=base_url)
    phases = _Phases(started)
    record, keep, stale, records = _record_and_kept_pages(mirror, earlier, out=out)
    seeds = [*keep, *stale]  # kept pages are not fetched again
    without = (paths.record_pages,) if keep else ()  # nothing kept: every page anew
    overrides = {"ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, _host(base_url)]}
    if base_url:
        overrides["UNHEARD_SITE_URL"] = base_url.rstrip("/")
    with _settings(overrides):
        for code in languages:
            with translation.override(code):
                seeds += paths.public_paths(without=without)
                seeds += paths.record_pages(only=records) if keep else []
        phases.done("plan")
        missing = mirror.crawl(seeds, keep=keep, jobs=jobs)
        mirror.write_search_pages()
    mirror.write_pages([url for url in mirror.pages if url not in keep], jobs=jobs)
    gone = _remove_gone(out, earlier, mirror.pages)
    phases.done("pages")
    static = mirror.copy_static()
    phases.done("static")
    html_pages = sum(p.html for p in mirror.pages.values())
    if earlier is None:
        record["index"] = search_index.index_whole(out, pages=html_pages)
    else:
        rendered = [p.file for url, p in mirror.pages.items() if p.html and url not in keep]
        record["index"] = search_index.index_update(
            out, earlier.get("index"), pages=html_pages, rendered=rendered, gone=gone
        )
    phases.done("index")
    mirror.write_manifest(built_at, record)
    shutil.rmtree(mirror.raw, ignore_errors=True)
    phases.done("manifest")
    return MirrorReport(
        pages=html_pages,
        files=len(mirror.pages) + static,
        rendered=len(mirror.pages) - len(keep),
        seconds=time.monotonic() - started,
        missing=missing,
        phases=phases.seconds,
        why_everywhere=mirror.why_everywhere,
    )


class _Phases:
    """Seconds spent in each phase of a build, one after the other."""

    def __init__(self, started: float) -> None:
        self.last = started
        self.seconds: dict[str, float] = {}

    def done(self, name: str) -> None:
        now = time.monotonic()
        self.seconds[name] = now - self.last
        self.last = now


def _record_and_kept_pages(
    mirror: Mirror, earlier: dict | None, *, out: Path
) -> tuple[dict, dict[str, Page], list[str], dict[str, set[str]]]:
    """What the manifest keeps of the record now, the pages of an earlier mirror that the
    changes since cannot have changed (`update.py`), with their file in place, and the pages to
    fetch anew besides those the site's lists name (`paths.public_paths`): the earlier pages
    that kept pages (or every page) link to and that may have changed; and the records (model
    label -> keys) whose pages may have changed, or that changed (new ones too), for
    `paths.record_pages(only=...)`. The crawl follows the links of what it fetches."""
    if earlier is None or "ledger" not in earlier:
        ledger = update_policy.record_ledger()
        owners = update_policy.owner_addresses(None, mirror.languages)
        return {"ledger": ledger, "owners": owners}, {}, [], {}
    ledger, changes = update_policy.ledger_update(earlier["ledger"], since=earlier["built_at"])
    changed_addresses = update_policy.owner_addresses(changes.owners, mirror.languages)
    owners = {
        key: addresses for key, addresses in earlier["owners"].items() if key not in changes.owners
    } | changed_addresses
    same_copy = (earlier["languages"], earlier["base_url"], earlier["day"]) == (
        mirror.languages,
        mirror.base_url,
        mirror.day.isoformat(),
    )
    if not same_copy:
        changes.everywhere = True
        changes.why.append("another day, other languages or another address")
    urls = list(earlier["pages"])
    stale = update_policy.stale_pages(
        pages=urls,
        links=[entry[2] for entry in earlier["pages"].values()],
        owners=earlier["owners"],
        changes=changes,
        changed_addresses=changed_addresses,
        view_name=_view_name,
    )
    keep = {}
    for url, (file, html, targets) in earlier["pages"].items():
        if url not in stale and (out / file).exists():
            keep[url] = Page(url, file, html, [urls[n] for n in targets])
    mirror.why_everywhere = changes.why
    linked = {link for page in keep.values() for link in page.links}
    linked |= set(earlier.get("linked_everywhere", ()))
    again = [url for url in urls if url in stale and url in linked]
    # A full build starts from every record's pages (`paths.record_pages`), some of which no
    # page links to (a case whose only public defendant was hidden): those of the records
    # with stale pages, and of the records changed (new ones too), are fetched again.
    records = update_policy.records_shown(stale, earlier["owners"])
    for key in changes.owners:
        label, pk = key.split(":", 1)
        records.setdefault(label, set()).add(pk)
    return {"ledger": ledger, "owners": owners}, keep, again, records


def _remove_gone(out: Path, earlier: dict | None, pages: dict[str, Page]) -> list[str]:
    """Remove the files of pages an earlier mirror held that the site no longer shows (a record
    hidden); the HTML ones among them."""
    if earlier is None:
        return []
    kept = {page.file for page in pages.values()}
    gone = []
    for file, html, *_links in earlier["pages"].values():
        if file not in kept:
            (out / file).unlink(missing_ok=True)
            gone += [file] if html else []
            _remove_empty_folders((out / file).parent, up_to=out)
    return gone


def _remove_empty_folders(folder: Path, *, up_to: Path) -> None:
    while folder != up_to and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class _settings:
    """Settings changed for the time of the build (the site's address for absolute links)."""

    def __init__(self, values: dict) -> None:
        self.values = values

    def __enter__(self):
        from django.test.utils import override_settings  # noqa: PLC0415

        self.override = override_settings(**self.values)
        self.override.enable()

    def __exit__(self, *exc):
        self.override.disable()
