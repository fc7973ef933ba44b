"""The public, read-only JSON API (django-ninja), versioned under /api/v1/.

`site.py` builds the one `NinjaAPI` and mounts each app's `apis.py` router; `errors.py`,
`language.py`, `pagination.py` and `schemas.py` are what every router shares. See docs/api.md.
"""
