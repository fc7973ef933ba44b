"""What the registry's roles may do with figures counted by others (declared on `StatsConfig`):
editors write them as drafts, reviewers also publish them, translators translate them."""

from unheard.core.plugins import RoleGrant, permissions

MODELS = ["externalfigure"]
EDIT = permissions("stats", ["view", "add", "change"], MODELS)

ROLE_GRANTS = (
    RoleGrant("editor", EDIT),
    RoleGrant("reviewer", EDIT | permissions("stats", ["publish"], MODELS)),
    RoleGrant("translator", permissions("stats", ["view", "change"], MODELS)),
)
