"""The public, read-only JSON API (django-ninja), versioned under /api/v1/.

`site.py` builds the one `NinjaAPI` and mounts each app's `apis.py` router; what every router
shares (errors, language, pagination, schemas) is in `unheard.core.api`. See
docs/architecture.md, "The public API".
"""
