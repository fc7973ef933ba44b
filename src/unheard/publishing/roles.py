"""What editors may do with news posts (declared on `PublishingConfig`).

Editors write and publish news as they do the record (a second editor approves). Subscriptions,
alerts and the outbox hold subscribers' addresses: only the admin role sees them.
"""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (
    RoleGrant(
        "editor",
        permissions("publishing", ["view", "add", "change", "delete", "publish"], ["newspost"]),
    ),
)
