"""What organisers may do with petitions (declared on `PetitionsConfig`).

Organisers write and publish petitions, record their targets, notable signatories and
deliveries, and download the signatures for delivery (`export_signatures`): the file holds the
signers' e-mail addresses, so no other role may have it.
"""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (
    RoleGrant(
        "organiser",
        permissions(
            "petitions",
            ["view", "add", "change", "delete"],
            ["petition", "petitiontarget", "notablesignatory", "delivery"],
        )
        | permissions("petitions", ["view"], ["signature"])
        | frozenset({"petitions.publish_petition", "petitions.export_signatures"})
        | permissions("core", ["view", "add"], ["source"]),
    ),
)
