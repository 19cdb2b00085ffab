"""GeoReport v2 output in JSON and XML. The XML follows the spec's examples (no namespace, UTF-8
declaration); the JSON is its Spark-convention mapping: a container of repeated elements becomes an
array (services → [service…], attributes → [attribute…])."""

from __future__ import annotations

import json
from xml.sax.saxutils import escape

from django.http import HttpResponse

JSON_TYPE = "application/json; charset=utf-8"
XML_TYPE = "text/xml; charset=utf-8"
SINGULAR = {"services": "service", "attributes": "attribute", "values": "value", "service_requests": "request",
            "errors": "error", "endpoints": "endpoint", "formats": "format"}


def _text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return "" if value is None else str(value)


def _element(tag: str, value) -> str:
    if isinstance(value, dict):
        return f"<{tag}>" + "".join(_element(k, v) for k, v in value.items()) + f"</{tag}>"
    if isinstance(value, list):
        child = SINGULAR.get(tag, "item")
        return f"<{tag}>" + "".join(_element(child, v) for v in value) + f"</{tag}>"
    if value is None:
        return f"<{tag}/>"
    return f"<{tag}>{escape(_text(value))}</{tag}>"


def to_xml(root: str, value) -> str:
    return '<?xml version="1.0" encoding="utf-8"?>\n' + _element(root, value)


def respond(fmt: str, root: str, value, status: int = 200) -> HttpResponse:
    """``value`` is what the JSON form holds: for a list root (services, service_requests, errors) the
    array, else the object."""
    if fmt == "xml":
        response = HttpResponse(to_xml(root, value), content_type=XML_TYPE, status=status)
    else:
        response = HttpResponse(json.dumps(value, ensure_ascii=False), content_type=JSON_TYPE, status=status)
    response["Access-Control-Allow-Origin"] = "*"  # read-only data; POST still needs an api_key
    return response


def errors(fmt: str, status: int, *pairs: tuple[int, str]) -> HttpResponse:
    """The spec's error format: an array of {code, description}; HTTP 404 for what does not exist,
    403 for a missing or wrong api_key, 400 for everything else."""
    return respond(fmt, "errors", [{"code": code, "description": description} for code, description in pairs], status)
