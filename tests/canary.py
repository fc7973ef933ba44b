"""The machinery of the whole-site canary test (tests/test_canary.py).

`plant()` puts a unique marker in every place the public must not see, as the visibility policy
(`unheard.core.visibility`) defines it: every text field of every record that is not public
(drafts, records in review, synthetic people, organisations only a draft refers to, never-public
models such as donors and letters) and every confidential or unconsented field of public records.
`walk()` then fetches every public output the URL resolver knows, with real slugs of public
records, and every GET route of the OpenAPI schema when there is one; `markers_in()` finds what
leaked. Nothing here names a page: a new URL pattern is walked without anyone adding it.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import IntegrityError, connection, models, transaction
from django.urls import NoReverseMatch, Resolver404, URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import LocalePrefixPattern, RoutePattern
from django.utils import timezone
from pypdf import PdfReader

from unheard.core import visibility
from unheard.core.models import PublicationState
from unheard.stats.figures import figures

APPS = (
    "core",
    "registry",
    "search",
    "letters",
    "funds",
    "actions",
    "stats",
    "publishing",
    "petitions",
    "agenda",
    "opendata",
)
LANGUAGES = ("ru", "en", "de", "fr")
MARKER = re.compile(r"zq\d{5}x", re.IGNORECASE)
SECRET_ADDRESS = "203.0.113.77"  # TEST-NET-3: the planted network address of letter authors
SKIPPED_ROUTES = ("admin/", "i18n/")  # the back office (staff only) and the language switch (POST)
PARAMETER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
RECORDS_PER_ROUTE = 6


def site_models() -> list[type[models.Model]]:
    found = [m for m in apps.get_models() if m._meta.app_label in APPS]
    return [*found, get_user_model()]


def statistics_gather() -> None:
    """Planner statistics for the planted rows on PostgreSQL: they live in one uncommitted
    transaction that autovacuum never analyses, and planned without statistics the walk's
    queries (`_adjacent_first`) ran for many minutes."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def not_public(model) -> models.QuerySet:
    public = visibility.public_queryset(model).values("pk")
    return model._default_manager.exclude(pk__in=public)


def _plain(model) -> models.QuerySet:
    """A queryset that writes the columns it is given (modeltranslation's would redirect them)."""
    return models.QuerySet(model=model)


# Markers -----------------------------------------------------------------------------------


@dataclass
class Canary:
    where: dict[str, str] = field(default_factory=dict)  # marker -> model.field #pk
    probes: list[str] = field(default_factory=list)  # a slug or name of a hidden record per model
    probed: set = field(default_factory=set)

    def marker(self, label: str) -> str:
        value = f"zq{len(self.where):05d}x"
        self.where[value] = label
        return value

    def markers_in(self, text: str, *, asked: str = "") -> list[str]:
        """Planted markers in an output, except those the request itself carried."""
        echoed = {m.lower() for m in MARKER.findall(asked)}
        found = {m.lower() for m in MARKER.findall(text)} - echoed
        if SECRET_ADDRESS in text:
            found.add(SECRET_ADDRESS)
        return sorted(found)

    def explain(self, found: list[str]) -> list[str]:
        return [f"{m} ({self.where.get(m, 'a letter author’s address')})" for m in found]


def _text_fields(model) -> list[models.Field]:
    fields = []
    for f in model._meta.concrete_fields:
        if f.primary_key or f.choices or f.is_relation:
            continue
        if isinstance(f, models.CharField | models.TextField | models.FileField):
            if getattr(f, "max_length", None) and f.max_length < 8 and not f.name.endswith("ip"):
                continue
            fields.append(f)
        elif isinstance(f, models.GenericIPAddressField):
            fields.append(f)
    return fields


def _secret_value(canary: Canary, f: models.Field, label: str) -> str:
    if isinstance(f, models.GenericIPAddressField):
        return SECRET_ADDRESS
    marker = canary.marker(label)
    if isinstance(f, models.EmailField):
        return f"{marker}@example.org"
    if isinstance(f, models.URLField):
        return f"https://example.org/{marker}"
    if isinstance(f, models.FileField):
        return f"canary/{marker}.jpg"
    return marker


def _mark(canary: Canary, record: models.Model, names: list[str] | None = None) -> None:
    model = type(record)
    values = {}
    for f in _text_fields(model):
        if names is None or f.name in names or f.attname in names:
            values[f.attname] = _secret_value(
                canary, f, f"{model._meta.label}.{f.name} #{record.pk}"
            )
    if values:
        _plain(model).filter(pk=record.pk).update(**values)
    probe_worthy = not isinstance(visibility.rule_of(model), visibility.Never)
    if names is None and values and probe_worthy and model not in canary.probed:
        canary.probed.add(model)
        canary.probes.append(values.get("slug") or next(iter(values.values())))


# Records that are not public ---------------------------------------------------------------


def _value_for(f: models.Field):
    if f.has_default():
        return f.get_default()
    if f.choices:
        return f.choices[0][0]
    if isinstance(f, models.BooleanField):
        return False
    if isinstance(f, models.DecimalField):
        return Decimal(1)
    if isinstance(f, models.IntegerField):
        return 1
    if isinstance(f, models.DateTimeField):
        return timezone.now()
    if isinstance(f, models.DateField):
        return dt.date(2024, 1, 1)
    if isinstance(f, models.JSONField):
        return {}
    if isinstance(f, models.GenericIPAddressField):
        return SECRET_ADDRESS
    if isinstance(f, models.CharField | models.TextField):
        return "EUR" if "currency" in f.name else "x" * min(f.max_length or 8, 8)
    return None


def build(model, canary: Canary) -> models.Model:
    """A new record of `model` with every required field filled; related records are public
    ones where they exist, so that the record sits next to public pages."""
    # A constraint may ask for exactly one of the optional links (a person or an action).
    optional_links = [f.name for f in model._meta.concrete_fields if f.is_relation and f.null]
    *first_tries, last_try = [None, *optional_links]
    for link in first_tries:
        try:
            with transaction.atomic():
                return _built(model, canary, optional_link=link)
        except IntegrityError:
            continue
    return _built(model, canary, optional_link=last_try)


def _built(model, canary: Canary, *, optional_link: str | None) -> models.Model:
    values = {}
    for f in model._meta.concrete_fields:
        if f.primary_key or (
            f.null and f.name != optional_link and not isinstance(f, models.GenericIPAddressField)
        ):
            continue
        if f.is_relation:
            target = f.related_model
            existing = visibility.public_queryset(target).first() or target._default_manager.first()
            values[f.name] = build(target, canary) if f.one_to_one or existing is None else existing
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            continue
        else:
            values[f.name] = _value_for(f)
    record = model(**values)
    _plain(model).bulk_create([record])
    if record.pk is None:
        record = _plain(model).latest("pk")
    return record


def make_not_public(record: models.Model, canary: Canary) -> None:
    rule = visibility.rule_of(type(record))
    model = type(record)
    changes: dict = {}
    if isinstance(rule, visibility.Published):
        changes["publication_state"] = PublicationState.DRAFT
    for name, value in rule.also.items():
        changes[name] = not value if isinstance(value, bool) else None
    for name in rule.with_:
        target = model._meta.get_field(name).related_model
        hidden = not_public(target).first()
        if hidden is not None:
            changes[model._meta.get_field(name).attname] = hidden.pk
    if changes:
        _plain(model).filter(pk=record.pk).update(**changes)


def _referred_public_pks(model) -> list:
    """Public records of `model` that public records of other models refer to, most used first."""
    pks: list = []
    for relation in model._meta.related_objects:
        referring = relation.related_model
        if isinstance(visibility.rule_of(referring), visibility.Never):
            continue
        referred = visibility.public_queryset(referring).values_list(relation.field.name, flat=True)
        public = set(visibility.public_queryset(model).values_list("pk", flat=True))
        pks += [pk for pk in referred if pk in public and pk not in pks]
    return pks or list(visibility.public_queryset(model).values_list("pk", flat=True))


def _flip_published(model, canary: Canary) -> None:
    """A public record referred to by public ones goes back to draft, another one into review;
    for people, a third one becomes synthetic."""
    rule = visibility.rule_of(model)
    pks = _referred_public_pks(model)
    states = [PublicationState.DRAFT, PublicationState.IN_REVIEW]
    for pk, state in zip(pks, states, strict=False):
        _plain(model).filter(pk=pk).update(publication_state=state)
    if rule.synthetic_flag and len(pks) > 2:
        _plain(model).filter(pk=pks[2]).update(**{rule.synthetic_flag: True})
    if not pks:
        make_not_public(build(model, canary), canary)


def _refer_from_hidden(model, record: models.Model) -> None:
    """Let records the public cannot see (and only those) refer to `record`."""
    for relation in model._meta.related_objects:
        referring = relation.related_model
        hidden = not_public(referring).first()
        if hidden is None:
            continue
        try:
            with transaction.atomic():
                if relation.many_to_many:
                    getattr(hidden, relation.field.name).add(record)
                else:
                    _plain(referring).filter(pk=hidden.pk).update(
                        **{relation.field.attname: record.pk}
                    )
        except IntegrityError:
            continue


def _clone(model, canary: Canary) -> models.Model:
    original = model._default_manager.order_by("pk").first()
    if original is None:
        return build(model, canary)
    values = {
        f.attname: getattr(original, f.attname)
        for f in model._meta.concrete_fields
        if not f.primary_key
    }
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            values[f.attname] = None if f.is_relation else canary.marker(f"{model._meta.label}")
    try:
        with transaction.atomic():
            _plain(model).bulk_create([model(**values)])
    except IntegrityError:  # a one-to-one link or a constraint over several fields
        return build(model, canary)
    return _plain(model).latest("pk")


def plant() -> Canary:
    """Make records not public in every way the policy knows, then mark all that is hidden."""
    canary = Canary()
    created_hidden: list[models.Model] = []
    for model in site_models():
        rule = visibility.rule_of(model)
        if isinstance(rule, visibility.Published):
            _flip_published(model, canary)
    for model in site_models():
        rule = visibility.rule_of(model)
        if isinstance(rule, visibility.ReferredTo):
            record = _clone(model, canary)
            _refer_from_hidden(model, record)
        elif isinstance(rule, visibility.Never):
            created_hidden.append(build(model, canary))
        elif _can_hide(rule) and not not_public(model).exists():
            record = _clone(model, canary)
            make_not_public(record, canary)
    confidential = visibility.confidential_fields()
    for model in site_models():
        rule = visibility.rule_of(model)
        secret = list(confidential.get(model, ()))
        if isinstance(rule, visibility.Never):
            for record in model._default_manager.all():
                _mark(canary, record, secret)
        else:
            for record in not_public(model):
                _mark(canary, record)
        for record in visibility.public_queryset(model):
            _mark(canary, record, [*secret, *_unconsented(rule, record)])
    for record in created_hidden:
        _mark(canary, record)
    _mark_staff_on_records(canary)
    return canary


def _can_hide(rule: visibility.Rule) -> bool:
    """Whether a record of this rule can be made not public (reference data cannot)."""
    return isinstance(rule, visibility.Always) and bool(rule.also or rule.with_ or rule.filled)


def _unconsented(rule: visibility.Rule, record) -> list[str]:
    return [name for name, flag in rule.consent.items() if not getattr(record, flag)]


def _mark_staff_on_records(canary: Canary) -> None:
    """The staff who published records are not public: point every record at a marked account."""
    User = get_user_model()
    staff = User.objects.create_user(username=canary.marker("auth.User.username"), is_staff=True)
    _mark(canary, staff)
    for model in site_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is User and f.null:
                _plain(model).update(**{f.attname: staff.pk})


# The walk ----------------------------------------------------------------------------------


@dataclass
class Output:
    url: str
    status: int
    text: str


def _routes(resolver=None, prefix: str = "", language: str = "") -> list[tuple[str, str]]:
    """(language, route) for every URL pattern, language prefixes expanded."""
    resolver = resolver or get_resolver()
    found = []
    for entry in resolver.url_patterns:
        pattern = entry.pattern
        if isinstance(pattern, LocalePrefixPattern):
            for code in LANGUAGES:
                found += _routes(entry, f"{prefix}{code}/", code)
            continue
        route = prefix + str(pattern)
        if str(pattern).startswith(SKIPPED_ROUTES):
            continue
        if isinstance(entry, URLResolver):
            found += _routes(entry, route, language)
        elif isinstance(entry, URLPattern):
            if not isinstance(pattern, RoutePattern):
                raise AssertionError(f"the canary cannot fill the regular expression {route}")
            found.append((language, route))
    return found


def _parameters(route: str) -> list[str]:
    return [m["name"] for m in PARAMETER.finditer(route)]


def _fill(route: str, kwargs: dict) -> str:
    return "/" + PARAMETER.sub(lambda m: str(kwargs[m["name"]]), route)


def _adjacent_first(model) -> list[models.Model]:
    """Public records next to hidden ones first: those that link to a hidden record (a person
    held in a draft facility), then those a hidden record links to (a draft charge)."""
    public = visibility.public_queryset(model).order_by("pk")
    links_to, linked_from = models.Q(pk__in=[]), models.Q(pk__in=[])
    for f in model._meta.get_fields():
        if not f.is_relation or f.related_model is None:
            continue
        if isinstance(visibility.rule_of(f.related_model), visibility.Never):
            continue
        if f.concrete:
            links_to |= models.Q(**{f"{f.name}__in": not_public(f.related_model)})
        elif f.auto_created:
            linked_from |= models.Q(pk__in=not_public(f.related_model).values(f.field.name))
    chosen: list[models.Model] = []
    for near in (links_to, linked_from, models.Q()):
        more = public.filter(near).exclude(pk__in=[r.pk for r in chosen]).distinct()
        chosen += list(more[: RECORDS_PER_ROUTE - len(chosen)])
    return chosen


def route_arguments() -> dict[str, list[dict]]:
    """For each route with parameters, the arguments of real public records' pages."""
    found: dict[str, list[dict]] = {}
    for model in site_models():
        if not hasattr(model, "get_absolute_url"):
            continue
        for record in _adjacent_first(model):
            try:
                match = resolve(record.get_absolute_url())
            except (Resolver404, NoReverseMatch):
                continue
            found.setdefault(match.route.split("/", 1)[1], []).append(match.kwargs)
    # Pages whose arguments are declared, not records: each statistics figure and its CSV.
    keys = [{"key": figure.key} for figure in figures()]
    found["statistics/<slug:key>/"] = keys
    found["statistics/<slug:key>.csv"] = keys
    return found


def _arguments_for(route: str, known: dict[str, list[dict]]) -> list[dict]:
    """Arguments for a route from a record page that is its prefix or that it is a prefix of."""
    names = set(_parameters(route))
    if not names:
        return [{}]
    bare = route.split("/", 1)[1] if route[:2] in {f"{c}/"[:2] for c in LANGUAGES} else route
    for other, arguments in known.items():
        if (bare.startswith(other) or other.startswith(bare)) and names <= set(arguments[0]):
            chosen = [{name: a[name] for name in names} for a in arguments]
            return [dict(pairs) for pairs in dict.fromkeys(tuple(c.items()) for c in chosen)]
    return [dict.fromkeys(names, "x")]


def _text(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        pages = PdfReader(io.BytesIO(content)).pages
        return "\n".join(page.extract_text() for page in pages)
    return content.decode("utf-8-sig", errors="replace")


LINK = re.compile(r"""href="([^"]*\?[^"]*)\"""")
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.DOTALL | re.IGNORECASE)
FIELD = re.compile(r"""<(?:input|select)\b[^>]*\bname="([^"]+)\"""")
ACTION = re.compile(r"""action="([^"]*)\"""")


def _query_names(html: str, url: str) -> dict[str, set[str]]:
    """The query parameters each path takes, as the page's links and GET forms show them."""
    names: dict[str, set[str]] = {}
    for href in LINK.findall(html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc:  # another site's (sharing links)
            continue
        names.setdefault(parts.path or url, set()).update(k for k, _ in parse_qsl(parts.query))
    for attributes, body in FORM.findall(html):
        if "post" in attributes.lower():
            continue
        action = ACTION.search(attributes)
        path = (action[1] if action else "") or url
        names.setdefault(path, set()).update(FIELD.findall(body))
    return names


def walk(client, canary: Canary, *, languages=LANGUAGES) -> list[Output]:
    """Fetch every public output: each route with real public records' arguments in every
    language, then (in the first language) each path that takes query parameters with hostile
    values (slugs and names of hidden records), then the API's GET routes."""
    known = route_arguments()
    outputs: list[Output] = []
    query_names: dict[str, set[str]] = {}
    for language, route in _routes():
        if language and language not in languages:
            continue
        for kwargs in _arguments_for(route, known):
            url = _fill(route, kwargs)
            response = client.get(url)
            if response.status_code == 405:
                break
            text = _text(response)
            outputs.append(Output(url, response.status_code, text))
            if response.status_code == 400 and not kwargs:
                query_names.setdefault(url, set()).update({"q", "lang"})
            if language in ("", languages[0]):
                for path, names in _query_names(text, url).items():
                    query_names.setdefault(path, set()).update(names)
    probed_routes = set()
    for url, names in query_names.items():
        try:
            route = resolve(url).route
        except Resolver404:
            continue
        if not names or route in probed_routes:
            continue
        probed_routes.add(route)
        for probe in canary.probes:
            query = dict.fromkeys(sorted(names), probe)
            if "lang" in query:
                query["lang"] = languages[0]
            asked = f"{url}?{urlencode(query)}"
            response = client.get(asked)
            outputs.append(Output(asked, response.status_code, _text(response)))
    outputs += walk_api(client, canary, known)
    return outputs


def walk_api(client, canary: Canary, known: dict[str, list[dict]]) -> list[Output]:
    """Every GET route of the OpenAPI schema, path parameters from real public records, query
    parameters with hostile values; nothing when the site has no schema yet."""
    try:
        resolve("/api/v1/openapi.json")
    except Resolver404:
        return []
    response = client.get("/api/v1/openapi.json")
    if response.status_code != 200:
        return []
    schema = json.loads(response.content)
    outputs = []
    for path, operations in schema.get("paths", {}).items():
        if "get" not in operations:
            continue
        parameters = operations["get"].get("parameters", [])
        in_path = [p["name"] for p in parameters if p.get("in") == "path"]
        in_query = [  # free text: filters by slug, search text (numbers and choices stay unset)
            p["name"]
            for p in parameters
            if p.get("in") == "query"
            and p.get("schema", {}).get("type", "string") == "string"
            and "enum" not in p.get("schema", {})
            and p["name"] not in ("lang", "status", "sort", "category")
        ]
        urls = [
            re.sub(r"\{([^}]+)\}", lambda m, k=kwargs: str(k.get(m[1], "x")), path)
            for kwargs in _api_arguments(path, in_path, known)
        ]
        queries = [dict.fromkeys(in_query, probe) for probe in canary.probes] if in_query else []
        asked = urls + [f"{urls[0]}?{urlencode(query)}" for query in queries]
        for url in asked:
            answer = client.get(url)
            outputs.append(Output(url, answer.status_code, _text(answer)))
    return outputs


def _api_arguments(path: str, names: list[str], known: dict[str, list[dict]]) -> list[dict]:
    """Path arguments for an API route: those of the site's pages of the same collection
    ("/people/{slug}" and "people/<slug:slug>/"), else of every page with these parameters."""
    if not names:
        return [{}]
    collection = path.split("{", 1)[0].rstrip("/").rsplit("/", 1)[-1]
    pools = [args for route, args in known.items() if set(names) <= set(args[0])]
    same = [args for route, args in known.items() if f"{collection}/<" in route]
    pools = [p for p in same if set(names) <= set(p[0])] or pools
    chosen: list[dict] = []
    for row in zip(*pools, strict=False) if pools else []:
        for kwargs in row:
            picked = {name: kwargs[name] for name in names}
            if picked not in chosen:
                chosen.append(picked)
    return chosen[:RECORDS_PER_ROUTE] or [dict.fromkeys(names, "x")]


def leaks(canary: Canary, outputs: list[Output]) -> list[str]:
    found = []
    for output in outputs:
        markers = canary.markers_in(output.text, asked=output.url)
        if markers:
            found.append(f"{output.url} [{output.status}]: {', '.join(canary.explain(markers))}")
    return found
