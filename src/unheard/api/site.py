"""The one API: version 1, its documentation page, and the routers each app declares.

An app offers public reads by adding `apis.py` with a `router` (see docs/architecture.md, "The
public API"); mounting it here is the only line outside the app. The documentation page is Swagger UI served from the
site's own static files (django-ninja ships them), so it loads nothing from other servers.
"""

from __future__ import annotations

from ninja import NinjaAPI, Swagger

from unheard.actions.apis import router as actions_router
from unheard.core.api import errors
from unheard.core.api.language import in_requested_language, openapi_parameter
from unheard.funds.apis import router as funds_router
from unheard.petitions.apis import router as petitions_router
from unheard.publishing.apis import router as publishing_router
from unheard.registry.apis import router as registry_router
from unheard.search.apis import router as search_router
from unheard.sharing.apis import router as sharing_router
from unheard.stats.apis import router as stats_router

VERSION = "1"
ERROR_STATUSES = {
    "400": "The request cannot be taken: a parameter is of the wrong type, out of range or "
    "unknown; `error.code` says which.",
    "404": "Nothing public at this address, or a page past the last one.",
}


class UnheardAPI(NinjaAPI):
    def get_content_type(self) -> str:
        # JSON is UTF-8 by definition (RFC 8259), and the error answers say it the same way.
        return "application/json"

    def get_openapi_schema(self, *, path_prefix=None, path_params=None):
        """Declare what every operation shares: the `lang` parameter and the error answers."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        error_schema = errors.ErrorOut.model_json_schema(
            ref_template="#/components/schemas/{model}"
        )
        components.update(error_schema.pop("$defs", {}))
        components["Error"] = error_schema
        error_content = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
        for operations in schema["paths"].values():
            for operation in operations.values():
                operation.setdefault("parameters", []).append(openapi_parameter())
                for status, description in ERROR_STATUSES.items():
                    operation["responses"].setdefault(
                        status, {"description": description, "content": error_content}
                    )
        return schema


api = UnheardAPI(
    title="Unheard API",
    version=VERSION,
    description=(
        "Read-only public data of the registry: people, cases, facilities, codes and articles, "
        "campaigns, actions, days of action and groups, news, search and statistics. Every answer holds only what the public site shows. "
        'Errors are JSON: {"error": {"code": ..., "message": ...}}.'
    ),
    urls_namespace="api-v1",
    docs=Swagger(settings={"validatorUrl": None}),
    docs_url="/docs",
    openapi_url="/openapi.json",
)
errors.install(api)
api.add_decorator(in_requested_language, mode="view")
api.add_router("", registry_router)
api.add_router("", funds_router)
api.add_router("", petitions_router)
api.add_router("", search_router)
api.add_router("", actions_router)
api.add_router("", stats_router)
api.add_router("", sharing_router)
api.add_router("", publishing_router)
