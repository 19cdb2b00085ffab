"""Social insurance simulator (社会保险参保缴费, 人社): ``GET /v1/social-insurance/{id_number}``.

Serve with: granian --interface asgi --workers 1 simulators.registers.social_insurance:app
Data: data/social_insurance.json (fictitious; written by make_registers.py).
"""

from __future__ import annotations

from simulators.registers.common import person_register_app

app = person_register_app(
    "social-insurance-register", "/v1/social-insurance/{id_number}", "social_insurance", "社会保险信息中无此人记录"
)
