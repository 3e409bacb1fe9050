"""What drf-spectacular cannot see by itself: the refusals every operation may give.

Each operation says what it answers when the token is missing or no good (401),
the role may not (403), and when it is asked too often (429); operations with an id
in the path also 404, and writes and filtered lists 400.
"""

from __future__ import annotations

from django.conf import settings
from drf_spectacular.extensions import OpenApiAuthenticationExtension

ERROR = {"$ref": "#/components/schemas/Error"}
VALIDATION = {
    "type": "object",
    "additionalProperties": True,
    "description": "Per field, what is wrong with it; `non_field_errors` for the whole.",
}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}


def _json(schema: dict, description: str) -> dict:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def add_refusals(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            refusals = {
                "401": _json(ERROR, "No valid token or session."),
                "403": _json(ERROR, "The role may not do this."),
                "429": _json(ERROR, "Too many requests: try again later."),
            }
            names = {parameter.get("name") for parameter in operation.get("parameters", [])}
            if "{" in path or "page" in names:
                # An object of another organisation, or a page past the last.
                refusals["404"] = _json(ERROR, "Not found in this organisation.")
            if method == "post" or names - {"page", "pk", "id"}:
                refusals["400"] = _json(VALIDATION, "What is wrong with the request.")
            for status, response in refusals.items():
                responses.setdefault(status, response)
    return result


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalAccessToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal access token, made on the page API tokens.",
        }


class BrowserSessionScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.BrowserSessionAuthentication"
    name = "browserSession"

    def get_security_definition(self, auto_schema):
        return {"type": "apiKey", "in": "cookie", "name": settings.SESSION_COOKIE_NAME}
