"""核对并提交: the draft read back in the founder's words (labels, not codes; ID numbers masked)."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from onestop.core import protection

from .startup_draft import BRANCHES, COMPANY, SCREEN_FIELDS

SECTIONS = ((COMPANY, "企业信息"), (BRANCHES, "并联事项"))


def _yuan(amount: Decimal) -> str:
    return f"{amount:,.2f} 元".replace(".00 元", " 元")


def _shown(field: forms.Field, value) -> str:
    if isinstance(field, forms.BooleanField):
        return "办理" if value else "不办理"
    if isinstance(field, forms.ChoiceField):
        labels = {str(k): v for k, v in field.choices}
        values = value if isinstance(value, list | tuple) else [value]
        return "、".join(labels.get(str(v), str(v)) for v in values)
    if isinstance(value, Decimal):
        return _yuan(value)
    if hasattr(value, "strftime"):
        return f"{value:%Y年%m月%d日}"
    return str(value)


def summary(form, members) -> dict:
    """{"name": …, "sections": [(title, [(label, text)])], "members": [(name, id masked, yuan, roles)]}"""
    data = form.cleaned_data
    sections = [(title, [(form.fields[n].label, _shown(form.fields[n], data[n])) for n in SCREEN_FIELDS[screen]])
                for screen, title in SECTIONS]
    rows = [(m.name, protection.mask_id_number(m.id_number), _yuan(Decimal(m.contribution_fen) / 100),
             "、".join(m.roles) or "—") for m in members.members()]
    return {"name": data["reservation"].entry.name, "sections": sections, "members": rows}
