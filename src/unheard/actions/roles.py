"""What the organiser may do (declared on `ActionsConfig`): run actions, days of action and groups
(publish them, approve the actions visitors propose), see who signed up (names and e-mails, to
reach them about the action), post reports with photos and message the groups of a day."""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (
    RoleGrant(
        "organiser",
        permissions(
            "actions",
            ["view", "add", "change", "delete", "publish"],
            ["action", "dayofaction", "group"],
        )
        | permissions(
            "actions",
            ["view", "add", "change", "delete"],
            ["actionreport", "reportphoto", "daystatement"],
        )
        | permissions("actions", ["view"], ["signup"])
        | permissions("registry", ["view"], ["person", "case", "facility"]),
    ),
)
