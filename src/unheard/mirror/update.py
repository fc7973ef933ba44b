"""What an update of the mirror renders again: the pages an edit can have changed, and no others.

The mirror's manifest keeps, besides its pages:
- a ledger of the record: for each row of every model a public page can show
  (`record_cache.watched_models()`), its stamp (when it was last saved, or a digest of all its
  values for a model that keeps no time), a digest of its values other than long texts, and
  its *owners*: the records with pages of their own that show it (the row itself when its model
  has pages, the records its foreign keys name, those that name it);
- the addresses of each owner's pages in each language (`/en/people/<slug>/`: every page of a
  person, their letters page, feeds and calendar, lies under it);
- for each page, the pages about one record it links to.
Rows of a table with no time of the last save and no pages of its own (the statistics' tables
kept from the registry, deleted and written again on each save of a person) are listed by their
values, not their keys, so that rows written again unchanged are no change.

An update compares the ledger with the database. A row added, removed or saved since marks its
owners as changed, before and after the edit (a transfer changes the old and the new facility).
Then the update renders again:
1. every page under a changed owner's addresses (its pages in every language);
2. every page that links to one of those (the people list's page they are on, their cases,
   facility, co-defendants, articles, news posts, campaigns);
3. when the change is more than an edit of long texts (a row added or removed, a status, a date, a
   facility, a publication state), every page that is about no single record: the home page,
   lists, statistics, open data, feeds, the calendar; after an edit of texts only, of those just
   the ones that quote texts (`TEXT_PAGES`: open data and site-wide feeds).
The crawl starts from the pages of 2. that kept pages link to, from the pages about no single
record (`paths.public_paths` without `record_pages`), and from the pages a full build starts
from of every record with a stale page or a changed row (`paths.record_pages(only=...)`): some
are linked from nowhere (a person's letters page, a case whose only public defendant was hidden).
A row no record owns (an exchange rate, the letters' rules, a region that nobody references),
another day (ages and terms count days, and the banner shows the date), other languages or
another address: every page. Rows of the search app (the site's own search index, which the
mirror replaces by its own) are not compared.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import translation

from unheard.core.record_cache import watched_models
from unheard.stats.services import kept_rows_rewrite

NOT_COMPARED = {"search"}  # apps whose rows no page of the mirror shows
# Views of pages about no single record that quote long texts (a summary) as well as counts.
TEXT_PAGES = (
    "opendata:",
    "publishing:feed_",
    "agenda:feed",
)
STAMP = "updated_at"


@dataclass
class Changes:
    """What changed in the record since an earlier ledger."""

    owners: set[str] = field(default_factory=set)  # "app.model:pk" of records with pages
    counted: bool = False  # more than long texts: lists, counts and figures can change
    everywhere: bool = False  # a change no record owns: every page
    rows: int = 0
    why: list[str] = field(default_factory=list)  # what made every page stale


# The ledger --------------------------------------------------------------------------------


def _compared_models() -> list[type[models.Model]]:
    return [m for m in watched_models() if m._meta.app_label not in NOT_COMPARED]


def _has_pages(model: type[models.Model]) -> bool:
    return hasattr(model, "get_absolute_url")


def _key(model: type[models.Model], pk) -> str:
    return f"{model._meta.label_lower}:{pk}"


def _stamped(model: type[models.Model]) -> bool:
    return any(f.attname == STAMP for f in model._meta.concrete_fields)


def _counted_fields(model: type[models.Model]) -> list[str]:
    """The values whose change can change a count, a list or an order: all but long texts and
    the time of the last save."""
    return [
        f.attname
        for f in model._meta.concrete_fields
        if f.attname != STAMP and not isinstance(f, models.TextField)
    ]


def _all_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if f.attname != STAMP]


def _owner_links(model: type[models.Model]) -> list[tuple[str, type | None, str | None]]:
    """(value column, model with pages it names, or None with the content type column for a
    generic link) for each link of the model to a record with pages."""
    links = []
    for f in model._meta.concrete_fields:
        if f.is_relation and f.related_model is not None and _has_pages(f.related_model):
            links.append((f.attname, f.related_model, None))
    for private in model._meta.private_fields:
        if isinstance(private, GenericForeignKey):
            ct_column = model._meta.get_field(private.ct_field).attname
            links.append((private.fk_field, None, ct_column))
    return links


def _digest(values: Iterable) -> str:
    return hashlib.blake2b(repr(tuple(values)).encode(), digest_size=8).hexdigest()


def _by_content(model: type[models.Model]) -> bool:
    """Rows known by their values, not their key: rows of a table with no time of the last
    save and no pages of its own, which the site may delete and write again unchanged under
    new keys (the statistics' tables kept from the registry, rewritten on each save of a
    person)."""
    return not _stamped(model) and not _has_pages(model)


def _rows(model: type[models.Model], queryset=None) -> dict[str, list]:
    """Ledger entries of the rows: [stamp, digest of counted values, owners, key]. A row is
    listed under its key, or under a digest of its values (`_by_content`)."""
    queryset = model._base_manager.all() if queryset is None else queryset
    counted, every = _counted_fields(model), _all_fields(model)
    by_content = _by_content(model)
    if by_content:
        key_column = model._meta.pk.attname
        counted = [c for c in counted if c != key_column]
        every = [c for c in every if c != key_column]
        occurrences: dict[str, int] = {}
    links = _owner_links(model)
    columns = list(dict.fromkeys(["pk", *every, *(c for _f, _m, c in links if c)]))
    if _stamped(model):
        columns.append(STAMP)
    content_types = _content_types() if any(c for _f, _m, c in links) else {}
    entries = {}
    for row in queryset.values(*columns):
        owners = [_key(model, row["pk"])] if _has_pages(model) else []
        for column, target, ct_column in links:
            value = row.get(column)
            if value is None:
                continue
            if target is None:
                target = content_types.get(row[ct_column])
                if target is None or not _has_pages(target):
                    continue
            owners.append(_key(target, value))
        stamp = row[STAMP].isoformat() if _stamped(model) else _digest(row[c] for c in every)
        listed_as = str(row["pk"])
        if by_content:  # the same values twice: two rows
            occurrences[stamp] = occurrences.get(stamp, 0) + 1
            listed_as = f"={stamp}.{occurrences[stamp]}"
        entries[listed_as] = [stamp, _digest(row[c] for c in counted), owners, row["pk"]]
    return entries


def _content_types() -> dict[int, type]:
    return {ct.pk: ct.model_class() for ct in ContentType.objects.all()}


def _read_alike(ledger_work: Callable) -> Callable:
    """The ledger read alike whenever it is made: in the site's default language whatever
    language is active (the translated models' managers read `name` as the active language's
    column, modeltranslation), and with the statistics' kept rows written for what the open
    transaction changed (they are written on commit, `stats.services.kept_rows_changed`; a
    ledger read before would miss them and the next update would count them as changes)."""

    @functools.wraps(ledger_work)
    def read_alike(*args, **kwargs):
        kept_rows_rewrite()
        with translation.override(settings.LANGUAGE_CODE):
            return ledger_work(*args, **kwargs)

    return read_alike


@_read_alike
def record_ledger() -> dict[str, dict[str, list]]:
    """The ledger of the whole record (made with a full build)."""
    return {model._meta.label_lower: _rows(model) for model in _compared_models()}


@_read_alike
def ledger_update(earlier: dict[str, dict[str, list]], *, since: str) -> tuple[dict, Changes]:
    """The ledger now, and what changed since `earlier` (made at the time `since`, ISO 8601).
    Rows of models that keep the time of their last save are read again only when saved since
    (or new); others are compared whole."""
    ledger, changes = {}, Changes()
    for model in _compared_models():
        label = model._meta.label_lower
        before = earlier.get(label)
        if before is None:  # a model the earlier mirror did not know
            changes.everywhere = True
            changes.why.append(f"new model {label}")
            ledger[label] = _rows(model)
            continue
        now = _rows_now(model, before, since=since)
        ledger[label] = now
        for pk in before.keys() | now.keys():
            old, new = before.get(pk), now.get(pk)
            if old is not None and new is not None and old[0] == new[0]:
                continue
            changes.rows += 1
            owners = {*(old[2] if old else ()), *(new[2] if new else ())}
            if old is None or new is None or old[1] != new[1]:
                changes.counted = True
            if not owners:
                owners = _referrers(model, (new or old)[3] if len(new or old) > 3 else pk)
            if not owners:
                changes.everywhere = True
                changes.why.append(f"{label}:{pk} belongs to no record with pages")
            changes.owners |= owners
    return ledger, changes


def _rows_now(model: type[models.Model], before: dict[str, list], *, since: str) -> dict[str, list]:
    if not _stamped(model):
        return _rows(model)
    manager = model._base_manager
    since_time = dt.datetime.fromisoformat(since)
    present = {str(pk) for pk in manager.values_list("pk", flat=True)}
    saved = {
        str(pk)
        for pk in manager.filter(**{f"{STAMP}__gte": since_time}).values_list("pk", flat=True)
    }
    saved |= present - before.keys()
    rows = {pk: before[pk] for pk in present if pk in before}
    if saved:
        rows |= _rows(model, manager.filter(pk__in=saved))
    return rows


def _referrers(model: type[models.Model], pk: str) -> set[str]:
    """Records with pages that name this row (a source of a person's page, a region of their
    home), directly or through a many-to-many link table."""
    found: set[str] = set()
    for relation in model._meta.related_objects:
        related = relation.related_model
        column = relation.field.attname
        if _has_pages(related):
            pks = related._base_manager.filter(**{column: pk}).values_list("pk", flat=True)
            found |= {_key(related, other) for other in pks}
        elif related._meta.auto_created:
            for other in related._meta.concrete_fields:
                if (
                    other.is_relation
                    and other is not relation.field
                    and _has_pages(other.related_model)
                ):
                    pks = related._base_manager.filter(**{column: pk}).values_list(
                        other.attname, flat=True
                    )
                    found |= {_key(other.related_model, value) for value in pks}
    return found


# Owners' addresses -------------------------------------------------------------------------


def owner_addresses(keys: Iterable[str] | None, languages: list[str]) -> dict[str, list[str]]:
    """The address of each owner's pages in each language (all owners when `keys` is None);
    owners that no longer exist are left out."""
    by_model: dict[str, list[str]] = {}
    if keys is not None:
        for key in keys:
            label, pk = key.split(":", 1)
            by_model.setdefault(label, []).append(pk)
    addresses = {}
    for model in _compared_models():
        label = model._meta.label_lower
        if not _has_pages(model) or model._meta.auto_created:
            continue
        if keys is not None and label not in by_model:
            continue
        queryset = model._base_manager.all()
        if keys is not None:
            queryset = queryset.filter(pk__in=by_model[label])
        records = list(queryset)
        for code in languages:
            with translation.override(code):
                for record in records:
                    try:
                        url = record.get_absolute_url()
                    except Exception:  # noqa: BLE001 - a record without an address has no pages
                        continue
                    addresses.setdefault(_key(model, record.pk), []).append(url)
    return addresses


# The pages to render again -----------------------------------------------------------------


def about_one_record(urls: Iterable[str], owners: dict[str, list[str]]) -> set[str]:
    """The pages that lie under an owner's address."""
    return set(_by_owner(urls, owners))


def _by_owner(urls: Iterable[str], owners: dict[str, list[str]]) -> dict[str, str]:
    """Page -> the address of the record it is about, for the pages about one record."""
    every_owner = {address for addresses in owners.values() for address in addresses}
    found = {}
    for url in urls:
        for folder in reversed(_ancestors(url)):
            if folder in every_owner:
                found[url] = folder
                break
    return found


def records_shown(urls: Iterable[str], owners: dict[str, list[str]]) -> dict[str, set[str]]:
    """The records (model label -> keys) whose pages are among these pages."""
    owner_at = {address: key for key, addresses in owners.items() for address in addresses}
    records: dict[str, set[str]] = {}
    for address in set(_by_owner(urls, owners).values()):
        label, pk = owner_at[address].split(":", 1)
        records.setdefault(label, set()).add(pk)
    return records


def _ancestors(url: str) -> list[str]:
    """ "/en/people/x/feed.rss" -> ["/en/", "/en/people/", "/en/people/x/"] (the path's folders)."""
    path = url.split("?", 1)[0]
    parts = path.split("/")
    return ["/".join(parts[: n + 1]) + "/" for n in range(1, len(parts) - 1)]


def stale_pages(
    *,
    pages: list[str],
    links: list[list[int]],
    owners: dict[str, list[str]],
    changes: Changes,
    changed_addresses: dict[str, list[str]],
    view_name: Callable[[str], str],
) -> set[str]:
    """The pages of an earlier mirror (`pages`, with `links` between them by position) that the
    `changes` can have changed. `owners`: the addresses of every owner when the mirror was made;
    `changed_addresses`: those of the changed owners now."""
    if changes.everywhere:
        return set(pages)
    changed = {
        address
        for key in changes.owners
        for address in (*owners.get(key, ()), *changed_addresses.get(key, ()))
    }
    stale = {url for url in pages if any(f in changed for f in _ancestors(url))}
    owner_of = _by_owner(pages, owners)
    showing = {index for index, url in enumerate(pages) if url in stale}
    # A page that links to a changed record's pages shows it; when that page is about a record
    # of its own (a case, a co-defendant), so may the record's other pages (the case's feeds).
    linking = {pages[index] for index, targets in enumerate(links) if showing.intersection(targets)}
    stale |= linking
    also_changed = {owner_of[url] for url in linking if url in owner_of}
    stale |= {url for url, owner in owner_of.items() if owner in also_changed}
    if changes.rows:
        for url in pages:
            if url in owner_of:
                continue
            if changes.counted or view_name(url).startswith(TEXT_PAGES):
                stale.add(url)
    return stale
