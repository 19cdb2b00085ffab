"""企业开办 API: the name check of company name self-declaration (企业名称自主申报)."""

from __future__ import annotations

from ninja import Field, Router, Schema

from onestop.core.schemas import Problem, RequestObject

from . import services

router = Router(tags=["企业开办"])
MAX_NAME = 60  # longer than any real enterprise name; keeps the check bounded


class NameParts(RequestObject):
    region: str = Field("", max_length=40, description="行政区划，如 珠海市斗门区")
    trade_name: str = Field("", max_length=40, description="字号")
    industry: str = Field("", max_length=40, description="行业或者经营特点")
    form: str = Field("", max_length=20, description="组织形式，如 有限公司")


class NameCheckIn(RequestObject):
    name: str = Field("", max_length=MAX_NAME, description="拟申报的企业名称")
    parts: NameParts | None = Field(None, description="申请人更正后的名称各部分；给出时按此比对")


class NamePartsOut(Schema):
    """The parts as the checker read them: as long as the name they came from, so no input limits."""

    region: str
    trade_name: str
    industry: str
    form: str


class NameReason(Schema):
    rule: str
    severity: str
    text: str
    conflicts_with: str | None


class NameCheckOut(Schema):
    name: str
    verdict: str = Field(description="blocked / warning / allowed")
    parts: NamePartsOut
    reasons: list[NameReason]


@router.post("/business/name-check", response={200: NameCheckOut, 400: Problem, 422: Problem},
             summary="企业名称自主申报：查询、比对名称（不保留名称）")
def name_check(request, body: NameCheckIn):
    # An empty or partial name is an answer too (blocked: no trade name, no form), as in name-eval.
    parts = body.parts.dict() if body.parts else None
    verdict = services.check_name(body.name, parts)
    return {"name": verdict.parsed.name, "verdict": verdict.verdict, "parts": verdict.parsed.parts(),
            "reasons": [{"rule": r.rule, "severity": r.severity, "text": r.text,
                         "conflicts_with": r.conflicts_with} for r in verdict.reasons]}
