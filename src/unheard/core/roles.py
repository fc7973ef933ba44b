"""Staff roles as Django groups, each with only the permissions its work needs.

Each app declares what each role may do with its models (`role_grants` on its `AppConfig`, see
`core.plugins`); this module merges the declarations and keeps the groups in sync, by a data
migration and after every `migrate` (later apps add their own models; their permissions join the
roles as soon as they exist). A user may hold several roles. The "admin" role has every
permission; superusers bypass roles altogether.
"""

from __future__ import annotations

from django.contrib.auth.management import create_permissions

from unheard.core import plugins


def role_permissions() -> dict[str, set[tuple[str, str]] | None]:
    """Role name → set of (app_label, codename); None means every permission."""
    roles: dict[str, set[tuple[str, str]] | None] = {}
    for grant in plugins.role_grants():
        if grant.everything:
            roles[grant.role] = None
            continue
        held = roles.setdefault(grant.role, set())
        if held is not None:
            held.update(tuple(p.split(".", 1)) for p in grant.permissions)
    return roles


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
