"""Plug-in points: what each app declares on its `AppConfig` so that core never names an app.

Policy:

- Core imports no Unheard app, in Python or in templates. Where the site needs something from
  every app (the header's navigation, the roles' permissions, the "how to help" boxes of a
  person's page, the links of the home page's three ways to help, the demo data, the fields the
  translators look after, the back-office home), each app declares it as a class attribute of
  its `AppConfig`, and core (or the registry, for the person page) renders what is declared.
- The attributes, each a tuple of the dataclasses below (missing means none):

  =======================  ===================  ===================================================
  attribute                dataclass            read by
  =======================  ===================  ===================================================
  ``nav_items``            `NavItem`            the header of ``base.html`` (``site_nav`` tag)
  ``role_grants``          `RoleGrant`          `core.roles.role_permissions`, synced after migrate
  ``person_help_boxes``    `PersonHelpBox`      the person page (``person_help_boxes`` tag)
  ``help_links``           `HelpLink`           the home page's ways to help (``help_link`` tag)
  ``demo_loaders``         `DemoLoader`         ``unheard loaddemo``, in dependency order
  ``tracked_fields``       `TrackedFieldRef`    `core.translation_state.tracked_fields`
  ``backoffice_sections``  `BackofficeSection`  `core.admin_home`: the back-office home by task
  ``waiting_counts``       `WaitingCount`       `core.admin_home`: what waits for the user
  ``record_panels``        `RecordPanel`        a record's page (``record_panels`` tag): news
  ``confidential_models``  `ConfidentialModel`  `core.middleware.ConfidentialAccessAuditMiddleware`
  ``scheduled_jobs``       `ScheduledJob`       `core.scheduler`: ``unheard scheduler``
  ``review_queue_sources`` `ReviewQueueSource`  `core.review_queue`: the review queue and its count
  ``figure_sources``       `FigureSource`       the statistics section: a figure from the app's records
  ``public_record_models`` model names (str)    `core.record_cache`: a change replaces the record's
                                                version, so cached pages and figures are dropped
  ``private_changes``      `PrivateChange`      `core.record_cache`: changes of a watched model
                                                that no public page, figure or file can show
  =======================  ===================  ===================================================

  and ``home_page``, the URL name of the site's home page (the header's site name links to it;
  the first app that declares one wins).

- Declarations are collected from `apps.get_app_configs()`, so their order is the order of
  `INSTALLED_APPS` unless a declaration carries its own `order`. Code paths (a loader, a
  visibility check) are given as dotted paths and imported only when used, so declaring them
  imports nothing at start-up.
- An app grants permissions on its own models; a role an app introduces (the letter moderator,
  the treasurer) may also be granted what it needs from the layers below (core, registry).
  The "admin" role holds every permission; core declares it.
"""

from __future__ import annotations

import graphlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.apps import AppConfig, apps
from django.utils.functional import Promise
from django.utils.module_loading import import_string


@dataclass(frozen=True)
class NavItem:
    """A link in the site header.

    `current_for` lists the "namespace:url_name" of the pages where the link is marked current
    (default: its own page). `shown_if` is the dotted path of a function taking the request and
    answering whether the link is shown (default: always).
    """

    label: str | Promise
    url_name: str
    order: int = 50
    current_for: tuple[str, ...] = ()
    shown_if: str = ""

    def is_current(self, view_name: str) -> bool:
        return view_name in (self.current_for or (self.url_name,))

    def is_shown(self, request) -> bool:
        return not self.shown_if or bool(import_string(self.shown_if)(request))


@dataclass(frozen=True)
class RoleGrant:
    """Permissions ("app_label.codename") a staff role holds; `everything` grants all of them."""

    role: str
    permissions: frozenset[str] = frozenset()
    everything: bool = False


def permissions(app_label: str, actions: Iterable[str], models: Iterable[str]) -> frozenset[str]:
    """Each action on each model: permissions("registry", ["view"], ["person"])."""
    models = list(models)
    return frozenset(f"{app_label}.{action}_{model}" for action in actions for model in models)


@dataclass(frozen=True)
class PersonHelpBox:
    """A template rendered in the "how to help" part of a person's page, with `person` and the
    request in its context; a box that renders only whitespace is left out."""

    template: str
    order: int = 50


@dataclass(frozen=True)
class HelpLink:
    """Where one of the home page's ways to help ("write", "give", "act") leads. The lowest
    `order` whose URL name resolves wins; `url_name` may end in "#fragment"."""

    way: str
    url_name: str
    order: int = 50


@dataclass(frozen=True)
class DemoLoader:
    """`unheard loaddemo` runs `load` (a dotted path to a function taking `refresh` and
    returning a report with a `created` dict) after the loaders of the apps named in `after`."""

    load: str
    after: tuple[str, ...] = ()

    def run(self, *, refresh: bool = False):
        return import_string(self.load)(refresh=refresh)


@dataclass(frozen=True)
class TrackedFieldRef:
    """A translated field the translators' dashboard tracks: "Model.field" of the declaring
    app; most important first within an app."""

    field: str


@dataclass(frozen=True)
class RecordPanel:
    """A template rendered on the public page of a record of `model` ("app_label.Model"), with
    `record` and the request in its context (news about a person on the person's page); a panel
    that renders only whitespace is left out. Lower apps show upper apps' panels this way."""

    model: str
    template: str
    order: int = 50


@dataclass(frozen=True)
class BackofficeLink:
    """A task page of the back office (a queue, a quick-add form) shown in a section to users
    holding `permission` ("app_label.codename"; empty: every staff user)."""

    label: str | Promise
    url_name: str
    permission: str = ""


@dataclass(frozen=True)
class BackofficeSection:
    """A section of the back-office home: the task links, then the models named in `models`
    ("Person" of the declaring app, or "app_label.Model") in that order, each shown to users who
    may see it. Sections are sorted by `order`; models no section names are shown to admins only
    (the technical ones: the task queue, history, the audit log, users)."""

    title: str | Promise
    models: tuple[str, ...] = ()
    links: tuple[BackofficeLink, ...] = ()
    order: int = 50


@dataclass(frozen=True)
class WaitingCount:
    """A count on the back-office home of what waits for the user, shown to users holding
    `permission`: `count` is the dotted path of a function of the user returning an int;
    the count links to `url_name` (plus `query`, e.g. "?stage=queue")."""

    label: str | Promise
    count: str
    url_name: str
    permission: str
    query: str = ""
    order: int = 50

    def count_for(self, user) -> int | None:
        """The count, or None when nothing of the kind can wait for this user (not shown)."""
        return import_string(self.count)(user)


@dataclass(frozen=True)
class ReviewQueueSource:
    """More of what waits for review, listed in the back office's review queue
    (`core.review_queue`) and counted on its home: `groups` is the dotted path of a function of
    the user returning a list of `core.review_queue.ReviewGroup` (e.g. the registry's changes to
    published people, its review units)."""

    groups: str

    def groups_for(self, user) -> list:
        return import_string(self.groups)(user)


@dataclass(frozen=True)
class ConfidentialModel:
    """A model of the app whose back-office pages show confidential values (a donor, a letter's
    author, a beneficiary): every page of it a staff user opens and every file downloaded from
    it is written in the audit log. `model` is the model's name within the app."""

    model: str


@dataclass(frozen=True)
class ScheduledJob:
    """A management command `unheard scheduler` runs every `every` (with `args`), under a
    `name` unique on the site ("letters.send_mail")."""

    name: str
    command: str
    every: timedelta
    args: tuple[str, ...] = ()


@dataclass(frozen=True)
class FigureSource:
    """A figure of the statistics section counted from the declaring app's own records (letters
    per month, aid given): `count` is the dotted path of a function taking `as_of` (a date) and
    returning its rows, each `(label, values)` with one number per measure, counting only what
    happened on or before `as_of`. `people_measures` are the indexes of the measures that count
    people: there small counts are shown as "fewer than N" (`core.visibility.small_count_hidden`).
    `charted` is the measure the chart draws. A change to any model of the declaring app counts
    as a change of the record's part for that app (the figure is counted again), except the
    changes it declares private (`PrivateChange`)."""

    key: str
    title: str | Promise
    definition: str | Promise
    dimension: str | Promise
    measures: tuple[str | Promise, ...]
    count: str
    charted: int = 0
    people_measures: tuple[int, ...] = ()
    order: int = 50

    def rows(self, *, as_of) -> list[tuple[str, tuple[int, ...]]]:
        return import_string(self.count)(as_of=as_of)


@dataclass(frozen=True)
class PrivateChange:
    """Changes of the declaring app's `model` that cannot change any public page, figure or file
    (a rate-limit counter, a link sent to an author), so that they replace no version of the
    record (`core.record_cache`): every change of it when `when` is empty, else the changes of
    an instance for which the function at the dotted path `when` returns True. Say why beside
    the declaration; when in doubt, declare nothing."""

    model: str
    when: str = ""

    def covers(self, instance) -> bool:
        return not self.when or (instance is not None and import_string(self.when)(instance))


def declared(attribute: str) -> Iterator[tuple[AppConfig, Any]]:
    """(app, declaration) for every declaration of one kind, in `INSTALLED_APPS` order."""
    for app_config in apps.get_app_configs():
        for item in getattr(app_config, attribute, ()):
            yield app_config, item


def home_page_url_name() -> str | None:
    return next((c.home_page for c in apps.get_app_configs() if hasattr(c, "home_page")), None)


def nav_items() -> list[NavItem]:
    return sorted((item for _app, item in declared("nav_items")), key=lambda item: item.order)


def person_help_boxes() -> list[PersonHelpBox]:
    boxes = (box for _app, box in declared("person_help_boxes"))
    return sorted(boxes, key=lambda box: box.order)


def record_panels(model_label: str) -> list[RecordPanel]:
    panels = (p for _app, p in declared("record_panels") if p.model == model_label)
    return sorted(panels, key=lambda panel: panel.order)


def help_links(way: str) -> list[HelpLink]:
    links = (link for _app, link in declared("help_links") if link.way == way)
    return sorted(links, key=lambda link: link.order)


def role_grants() -> list[RoleGrant]:
    return [grant for _app, grant in declared("role_grants")]


def tracked_field_paths() -> list[tuple[str, str, str]]:
    """(app_label, model name, field name) of every tracked field, app by app."""
    paths = []
    for app_config, tracked in declared("tracked_fields"):
        model_name, field_name = tracked.field.split(".")
        paths.append((app_config.label, model_name, field_name))
    return paths


def demo_loaders() -> list[DemoLoader]:
    """The declared demo loaders, each after the loaders of the apps it names in `after`;
    otherwise in `INSTALLED_APPS` order."""
    by_app: dict[str, list[DemoLoader]] = {}
    for app_config, loader in declared("demo_loaders"):
        by_app.setdefault(app_config.label, []).append(loader)
    position = {config.label: i for i, config in enumerate(apps.get_app_configs())}
    sorter = graphlib.TopologicalSorter()
    for label, loaders in by_app.items():
        sorter.add(label, *(a for loader in loaders for a in loader.after if a in by_app))
    sorter.prepare()
    ordered: list[str] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready(), key=position.__getitem__)
        ordered.extend(ready)
        sorter.done(*ready)
    return [loader for label in ordered for loader in by_app[label]]


def backoffice_sections() -> list[tuple[AppConfig, BackofficeSection]]:
    sections = declared("backoffice_sections")
    return sorted(sections, key=lambda pair: pair[1].order)


def waiting_counts() -> list[WaitingCount]:
    counts = (count for _app, count in declared("waiting_counts"))
    return sorted(counts, key=lambda count: count.order)


def review_queue_sources() -> list[ReviewQueueSource]:
    return [source for _app, source in declared("review_queue_sources")]


def figure_sources() -> list[tuple[AppConfig, FigureSource]]:
    sources = declared("figure_sources")
    return sorted(sources, key=lambda pair: pair[1].order)


def confidential_models() -> frozenset[type]:
    """The models whose every view in the back office is audited."""
    return frozenset(
        app_config.get_model(item.model) for app_config, item in declared("confidential_models")
    )


def scheduled_jobs() -> list[ScheduledJob]:
    return sorted((job for _app, job in declared("scheduled_jobs")), key=lambda job: job.name)


def public_record_models() -> list[str]:
    """ "app_label.Model" of every model whose change may change a public page or figure
    ("app_label.*" when an app declares "*": all its models)."""
    return [f"{app.label}.{name}" for app, name in declared("public_record_models")]


def private_changes() -> dict[str, PrivateChange]:
    """ "app_label.Model" → the declaration that its changes (or some of them) are private."""
    return {f"{app.label}.{item.model}": item for app, item in declared("private_changes")}
