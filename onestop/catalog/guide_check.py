"""Is an item's 办事指南 complete enough to apply for it online?

A guide is complete when it publishes the six parts a citizen needs before applying: materials,
conditions, legal basis, time limit, fee and place. An incomplete guide says which parts are not yet
published and offers consultation (咨询) and the 12345 hotline instead of an online application.
An item counts as handled online (网办率) only if its guide is complete, its handling mode allows
an online application, and it has an online form or process: a form or process made for it, or the
generic application form with the guide's material list to upload against (never the free-text form
alone, which is all an item without published materials would have).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import ONLINE_CAPABLE

# The parts of a guide, in the order the guide shows them.
PARTS = (
    ("materials", _("申请材料")),
    ("conditions", _("受理条件")),
    ("legal_basis", _("设定依据")),
    ("time_limit", _("办结时限")),
    ("fee", _("收费标准")),
    ("place", _("办理地点")),
)
_LABELS = dict(PARTS)


@dataclass(frozen=True, slots=True)
class GuideFacts:
    """What the check needs to know of an item, read from the record or the search index."""

    has_materials: bool
    conditions: str
    legal_basis: str
    statutory_days: int | None
    promised_days: int | None
    fee_fen: int
    fee_note: str
    has_halls: bool


def missing_parts(facts: GuideFacts) -> tuple[str, ...]:
    """The codes of the parts this guide does not publish, in guide order."""
    present = {
        "materials": facts.has_materials,
        "conditions": bool(facts.conditions.strip()),
        "legal_basis": bool(facts.legal_basis.strip()),
        "time_limit": facts.statutory_days is not None or facts.promised_days is not None,
        # A fee of 0 with no note is "not published", not "free": the record's default is 0.
        "fee": facts.fee_fen > 0 or bool(facts.fee_note.strip()),
        "place": facts.has_halls,
    }
    return tuple(code for code, _label in PARTS if not present[code])


def part_labels(codes) -> list[str]:
    return [str(_LABELS[c]) for c in codes]


def has_online_form(form_schema: dict, process_key: str, instant_approval: bool, has_materials: bool) -> bool:
    """An application form or process made for this item, or the generic form with materials to upload."""
    return bool((form_schema or {}).get("properties")) or bool(process_key) or instant_approval or has_materials


def online_ready(handling: str, missing: tuple[str, ...], online_form: bool) -> bool:
    """Can really be applied for online: counted by 网办率 and offered 在线申请."""
    return handling in ONLINE_CAPABLE and not missing and online_form


def facts_of(item, has_materials: bool | None = None, has_halls: bool | None = None) -> GuideFacts:
    """The facts of a ServiceItem row (materials and halls read unless given)."""
    return GuideFacts(
        has_materials=item.materials.exists() if has_materials is None else has_materials,
        conditions=item.conditions,
        legal_basis=item.legal_basis,
        statutory_days=item.statutory_days,
        promised_days=item.promised_days,
        fee_fen=item.fee_fen,
        fee_note=item.fee_note,
        has_halls=item.halls.exists() if has_halls is None else has_halls,
    )


def assess(item, has_materials: bool | None = None, has_halls: bool | None = None) -> tuple[tuple[str, ...], bool]:
    """A ServiceItem row's missing guide parts and whether it can really be applied for online."""
    facts = facts_of(item, has_materials, has_halls)
    missing = missing_parts(facts)
    form = has_online_form(item.form_schema, item.process_key, item.instant_approval, facts.has_materials)
    return missing, online_ready(item.handling, missing, form)


def item_online_ready(item) -> bool:
    """For one ServiceItem row (the apply page checks it before showing any form)."""
    return assess(item)[1]
