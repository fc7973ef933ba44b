"""What the registry's roles may do with its records (declared on `RegistryConfig`).

Editors write drafts, reviewers also publish, translators change only the translatable records.
Every one of them reads the whole registry, its sources and the translation state. Editors and
reviewers also work the checking queue (they see it and mark its items checked).
"""

from unheard.core.plugins import RoleGrant, permissions

RECORDS = ["person", "case", "facility"]
FACTS = [
    "personalias",
    "casedefendant",
    "charge",
    "verdict",
    "timelineevent",
    "recognition",
    "designation",
]
REFERENCE = ["organisation", "region", "politicalview", "article", "legalcode"]
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

READ = permissions("registry", ["view"], RECORDS + FACTS + REFERENCE) | {
    "core.view_source",
    "core.view_translationstate",
}
EDIT = (
    READ
    | permissions("registry", ["add", "change"], RECORDS + FACTS + REFERENCE)
    | permissions("registry", ["delete"], FACTS)
    | permissions("core", ["add", "change"], ["source"])
    | permissions("registry", ["view", "add"], ["checkmark"])
)

ROLE_GRANTS = (
    RoleGrant("editor", EDIT),
    RoleGrant("reviewer", EDIT | permissions("registry", ["publish"], RECORDS)),
    RoleGrant("translator", READ | permissions("registry", ["change"], TRANSLATABLE)),
)
