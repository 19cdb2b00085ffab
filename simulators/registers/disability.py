"""Disabled persons' register simulator (残疾人信息, 残联): ``GET /v1/disability/{id_number}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.disability:app
Data: data/disability.json (fictitious; written by make_registers.py). Only holders of a 残疾人证 have
a record; everyone else is 404.
"""

from __future__ import annotations

from simulators.registers.common import person_register_app

app = person_register_app("disability-register", "/v1/disability/{id_number}", "disability", "残疾人信息中无此人记录")
