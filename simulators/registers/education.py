"""Education register simulator (学历学位信息, 教育): ``GET /v1/education/{id_number}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.education:app
Data: data/education.json (fictitious; written by make_registers.py). Adults only: anyone else is 404.
"""

from __future__ import annotations

from simulators.registers.common import person_register_app

app = person_register_app("education-register", "/v1/education/{id_number}", "education", "学历学位信息中无此人记录")
