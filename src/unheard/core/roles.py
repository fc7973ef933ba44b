"""Staff roles as Django groups, each with only the permissions its work needs.

Roles are defined here and kept in sync by a data migration and after every `migrate` (later apps
add their own models; their permissions join the roles as soon as they exist). A user may hold
several roles. The "admin" role has every permission; superusers bypass roles altogether.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions

REGISTRY_RECORDS = ["person", "case", "facility"]
REGISTRY_FACTS = [
    "personalias",
    "casedefendant",
    "charge",
    "verdict",
    "timelineevent",
    "recognition",
    "designation",
]
REGISTRY_REFERENCE = ["organisation", "region", "politicalview", "article", "legalcode"]
TRANSLATABLE = [
    "person",
    "case",
    "facility",
    "timelineevent",
    "organisation",
    "region",
    "politicalview",
    "article",
    "legalcode",
]


LETTER_MODERATION = {
    ("letters", codename)
    for codename in (
        "view_letter",
        "moderate_letter",
        "translate_letter",
        "deliver_letter",
        "prepare_evening_pack",
        "view_deliverybatch",
        "view_reply",
        "add_reply",
        "change_reply",
        "view_letterrules",
        "add_letterrules",
        "change_letterrules",
    )
}


TREASURY = {
    ("funds", f"{action}_{model}")
    for model, actions in {
        "campaign": ["view", "add", "change", "publish"],
        "campaignupdate": ["view", "add", "change", "delete"],
        "donation": ["view", "add"],
        "donationimport": ["view", "add"],
        "statemententry": ["view", "change"],
        **{
            model: ["view", "add", "change"]
            for model in (
                "paymentmethod",
                "donor",
                "subscription",
                "exchangerate",
                "beneficiary",
                "aidrecord",
                "runningcost",
                "aggregatefigure",
            )
        },
    }.items()
    for action in actions
} | {("core", "view_source"), ("core", "add_source")}


def _perms(app: str, actions: list[str], models: list[str]) -> set[tuple[str, str]]:
    return {(app, f"{action}_{model}") for action in actions for model in models}


def _view_registry() -> set[tuple[str, str]]:
    models = REGISTRY_RECORDS + REGISTRY_FACTS + REGISTRY_REFERENCE
    return _perms("registry", ["view"], models) | {
        ("core", "view_source"),
        ("core", "view_translationstate"),
    }


def role_permissions() -> dict[str, set[tuple[str, str]] | None]:
    """Role name → set of (app_label, codename); None means every permission."""
    editing = REGISTRY_RECORDS + REGISTRY_FACTS + REGISTRY_REFERENCE
    editor = (
        _view_registry()
        | _perms("registry", ["add", "change"], editing)
        | _perms("registry", ["delete"], REGISTRY_FACTS)
        | _perms("core", ["add", "change"], ["source"])
    )
    reviewer = editor | _perms("registry", ["publish"], REGISTRY_RECORDS)
    translator = (
        _view_registry()
        | _perms("registry", ["change"], TRANSLATABLE)
        | {("letters", "view_letter"), ("letters", "translate_letter")}
    )
    return {
        "editor": editor,
        "reviewer": reviewer,
        "translator": translator,
        "letter moderator": _perms("registry", ["view"], ["person", "facility"])
        | LETTER_MODERATION,
        "treasurer": _perms("registry", ["view"], ["person", "case"]) | TREASURY,
        "organiser": _perms("registry", ["view"], ["person", "case", "facility"])
        | _perms("actions", ["view", "add", "change", "delete", "publish"], ["solidarityaction"])
        | {("letters", "prepare_evening_pack"), ("letters", "view_letterrules")},
        "admin": None,
    }


def roles_sync(apps=None) -> None:
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    else:
        # Historical app registries mark no app as having models; permissions need them marked.
        for app_config in apps.get_app_configs():
            app_config.models_module = True
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for app_config in apps.get_app_configs():
        create_permissions(app_config, apps=apps, verbosity=0)
    everything = list(Permission.objects.all())
    for name, wanted in role_permissions().items():
        group, _ = Group.objects.get_or_create(name=name)
        if wanted is None:
            group.permissions.set(everything)
            continue
        group.permissions.set(
            [p for p in everything if (p.content_type.app_label, p.codename) in wanted]
        )


def roles_sync_after_migrate(sender, apps=None, **kwargs) -> None:
    if sender.name == "unheard.core":
        roles_sync(apps)
