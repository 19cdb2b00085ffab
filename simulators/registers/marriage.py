"""Marriage register simulator (婚姻登记信息, 民政): ``GET /v1/marriage/{id_number}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.marriage:app
Data: data/marriage.json (fictitious; written by make_registers.py). Adults only: anyone else is 404.
"""

from __future__ import annotations

from simulators.registers.common import person_register_app

app = person_register_app("marriage-register", "/v1/marriage/{id_number}", "marriage", "婚姻登记信息中无此人记录")
