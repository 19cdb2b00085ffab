"""The three-level taxonomy, seeded from data/taxonomy.json (idempotent: codes are stable paths).

First level: the 15 categories of 12345 hotlines, in the hotlines' order. Each node names the 斗门区
department that answers it; a node without one inherits its parent's. Bodies the catalogue does not
have yet (区纪委监委, 区信访局, 区委组织部) are added as departments (seed.py)."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "taxonomy.json"
FIRST_LEVEL = ["城乡建设", "环境保护", "交通运输", "教育文体", "劳动和社会保障", "商贸旅游", "卫生计生", "农村农业",
               "民政", "国土资源", "政法", "党务政务", "经济管理", "科技与信息产业", "纪检监察"]


@cache
def read_taxonomy() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    names = [node["name"] for node in data["categories"]]
    if names != FIRST_LEVEL:
        raise ValueError("data/taxonomy.json: the first level must be the 15 categories of 12345 hotlines")
    return data


def nodes() -> list[dict]:
    """Every node as {code, name, level, parent, department, description, keywords}, parents first."""
    out = []
    for i, first in enumerate(read_taxonomy()["categories"], 1):
        code1 = f"{i:02d}"
        out.append({"code": code1, "name": first["name"], "level": 1, "parent": None, "department": first["department"],
                    "description": first.get("description", ""), "keywords": first.get("keywords", "")})
        for j, second in enumerate(first["children"], 1):
            code2 = f"{code1}{j:02d}"
            department2 = second.get("department", first["department"])
            out.append({"code": code2, "name": second["name"], "level": 2, "parent": code1, "department": department2,
                        "description": second.get("description", ""), "keywords": second.get("keywords", "")})
            for k, third in enumerate(second["children"], 1):
                third = {"name": third} if isinstance(third, str) else third
                out.append({"code": f"{code2}{k:02d}", "name": third["name"], "level": 3, "parent": code2,
                            "department": third.get("department", department2), "description": "",
                            "keywords": third.get("keywords", "")})
    return out
