"""The checks that decide whether an application is the standard case that registers at once (秒批)
or goes to a 市场监督管理局 clerk. Each check names its reason; anything not standard is referred,
never refused by the machine."""

from __future__ import annotations

import datetime as dt

from ..models import StartupApplication
from . import choices

MAX_INSTANT_CAPITAL_FEN = 100_000_000 * 100  # 1 亿元
MAX_INSTANT_SHAREHOLDERS = 5


def referral_reasons(app: StartupApplication, today: dt.date) -> list[str]:
    """Why this application is not the standard case (empty: register at once)."""
    reasons = []
    if app.reservation.expires_on <= today:
        reasons.append(f"名称“{app.company_name}”的保留期已于 {app.reservation.expires_on:%Y年%m月%d日} 届满"
                       "（《企业名称登记管理规定》第十八条）")
    if app.company_type not in choices.COMPANY_TYPES:
        reasons.append(f"企业类型“{app.company_type}”不属于即时登记的标准类型")
    if app.registered_capital_fen > MAX_INSTANT_CAPITAL_FEN:
        reasons.append("注册资本超过 1 亿元，须核实出资安排")
    shareholders = [m for m in app.members.all() if m.contribution_fen > 0]
    if len(shareholders) > MAX_INSTANT_SHAREHOLDERS:
        reasons.append(f"股东 {len(shareholders)} 名，超过即时登记标准情形的 {MAX_INSTANT_SHAREHOLDERS} 名")
    unknown = [w for w in app.scope if w not in choices.SCOPE_KIND]
    if unknown:
        reasons.append(f"经营范围“{'、'.join(unknown)}”不在规范表述目录中")
    reasons += [choices.SCOPE_NEEDING_REVIEW[w] for w in app.scope if w in choices.SCOPE_NEEDING_REVIEW]
    return reasons
