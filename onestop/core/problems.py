"""RFC 9457 problem details (application/problem+json) with a stable ``code`` for every API error."""

from __future__ import annotations

from django.http import JsonResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(status: int, code: str, title: str, detail: str = "", **extra) -> JsonResponse:
    body = {"type": f"https://onestop.example/problems/{code}", "title": title, "status": status, "code": code}
    if detail:
        body["detail"] = detail
    body.update(extra)
    return JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE, json_dumps_params={"ensure_ascii": False})
