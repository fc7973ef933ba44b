"""What the organiser may do with solidarity actions (declared on `ActionsConfig`)."""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (
    RoleGrant(
        "organiser",
        permissions("actions", ["view", "add", "change", "delete", "publish"], ["solidarityaction"])
        | permissions("registry", ["view"], ["person", "case", "facility"]),
    ),
)
