"""Builds subscribers.json, the carrier simulator's real-name records (实名登记), from the
population register's demo residents, so that the two simulators and the demo accounts agree.

Every demo resident with a mobile in residents.json holds that number in their own name (so every
demo account passes the carrier check). Of the three adults without an account, 陈根生 and
赵耀池 get a number of their own (they can register and are verified at once); 何添林 has none:
registering him with any number leaves an account that sees nothing until a window clerk (or the
provincial login) verifies him. Run: python -m simulators.carrier.make_subscribers
"""

from __future__ import annotations

import json
from pathlib import Path

from simulators.population_register.make_residents import OUT as RESIDENTS

OUT = Path(__file__).with_name("subscribers.json")
# Demo numbers for adults who have no account yet (1770000…: no demo account uses this range).
EXTRA = {"440403194004034250": "17700001001", "440403193709018037": "17700001003"}
# Operators by number segment (工信部号段), enough for the demo ranges.
OPERATORS = {"13": "中国移动", "15": "中国移动", "18": "中国联通", "17": "中国电信"}


def operator(mobile: str) -> str:
    return OPERATORS.get(mobile[:2], "中国移动")


def build() -> dict:
    residents = json.loads(RESIDENTS.read_text(encoding="utf-8"))["residents"]
    rows = []
    for r in residents:
        mobile = r.get("mobile") or EXTRA.get(r["id_number"])
        if mobile:
            rows.append({"mobile": mobile, "name": r["name"], "id_number": r["id_number"],
                         "operator": operator(mobile), "status": "active"})
    return {
        "about": {"simulated": True, "generated_by": "simulators/carrier/make_subscribers.py",
                  "note": "模拟数据：手机号实名登记信息均为虚构，与人口库模拟数据一致。"},
        "subscribers": sorted(rows, key=lambda row: row["mobile"]),
    }


if __name__ == "__main__":
    data = build()
    lines = ",\n".join("  " + json.dumps(row, ensure_ascii=False) for row in data["subscribers"])
    about = json.dumps(data["about"], ensure_ascii=False)
    text = '{"about": ' + about + ',\n "subscribers": [\n' + lines + "\n ]}\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"{len(data['subscribers'])} subscribers -> {OUT}")
