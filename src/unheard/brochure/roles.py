"""What editors may do with brochures (declared on `BrochureConfig`): order one and download it.
The brochure holds only what the public site shows."""

from unheard.core.plugins import RoleGrant, permissions

ROLE_GRANTS = (RoleGrant("editor", permissions("brochure", ["view", "add"], ["brochurejob"])),)
