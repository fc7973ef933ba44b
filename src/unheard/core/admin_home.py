"""The back-office home by task: what each app declares (`backoffice_sections`,
`waiting_counts` in `core.plugins`), in place of Django's alphabetical list of apps.

Policy: sections come in their declared order, each with its task links (queues, quick-add
forms) and then its models, each shown only to users who may see it. Models that no section
names — the task queue, the history, the audit log, users and groups — are technical: they are
listed, app by app, to admins only (superusers and the "admin" role); everyone else still reaches
what their permissions allow by its address. Counts of what waits are shown to users holding
each count's permission.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from unheard.core import plugins

ADMIN_ROLE = "admin"


def is_admin(user) -> bool:
    return user.is_superuser or user.groups.filter(name=ADMIN_ROLE).exists()


def _may(user, permission: str) -> bool:
    return not permission or user.has_perm(permission)


def _url(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _app_url(app_label: str) -> str:
    try:
        return reverse("admin:app_list", kwargs={"app_label": app_label})
    except NoReverseMatch:
        return ""


def task_sections(site, request) -> list[dict]:
    """The admin's app list (index and sidebar), regrouped into the declared sections."""
    app_dict = site._build_app_dict(request)
    models = {
        f"{label}.{model['object_name']}".lower(): model
        for label, app in app_dict.items()
        for model in app["models"]
    }
    placed: set[str] = set()
    sections = []
    for app_config, section in plugins.backoffice_sections():
        keys = [(n if "." in n else f"{app_config.label}.{n}").lower() for n in section.models]
        placed.update(keys)
        links = [
            _task_row(link.label, url)
            for link in section.links
            if _may(request.user, link.permission) and (url := _url(link.url_name))
        ]
        entries = links + [models[key] for key in keys if key in models]
        if entries:
            sections.append(
                {
                    "name": section.title,
                    "app_label": app_config.label,
                    "app_url": _app_url(app_config.label),
                    "has_module_perms": True,
                    "models": entries,
                }
            )
    if is_admin(request.user):
        sections += _technical(app_dict, placed)
    return sections


def _task_row(label, url: str) -> dict:
    """A task page shown as a row of the section, as Django's app list shows a model."""
    return {
        "name": label,
        "object_name": "link-" + url.strip("/").replace("/", "-"),
        "admin_url": url,
        "add_url": None,
        "view_only": True,
        "perms": {"view": True},
    }


def _technical(app_dict: dict, placed: set[str]) -> list[dict]:
    apps = []
    for label, app in sorted(app_dict.items(), key=lambda pair: str(pair[1]["name"]).lower()):
        rest = [m for m in app["models"] if f"{label}.{m['object_name']}".lower() not in placed]
        if rest:
            rest.sort(key=lambda model: str(model["name"]).lower())
            name = _("%(app)s (technical)") % {"app": app["name"]}
            apps.append({**app, "name": name, "models": rest, "technical": True})
    return apps


def waiting(request) -> list[dict]:
    """What waits for the signed-in user: label, count and where to work on it."""
    counts = []
    for declared in plugins.waiting_counts():
        if not _may(request.user, declared.permission):
            continue
        url = _url(declared.url_name)
        count = declared.count_for(request.user) if url is not None else None
        if count is None:
            continue
        counts.append({"label": declared.label, "count": count, "url": url + declared.query})
    return counts
