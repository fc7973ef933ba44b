"""What editors may do with sharing (declared on `SharingConfig`).

Editors see what was imported from peers and resolve conflicts (they judge records every day);
adding or changing a peer, which decides whose records enter the registry, is for the admin role.
"""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (
    RoleGrant(
        "editor",
        permissions("sharing", ["view"], ["peer", "importedrecord"])
        | permissions("sharing", ["view", "change"], ["conflict"]),
    ),
)
