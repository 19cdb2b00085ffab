"""Demo data and small helpers for the certificate tests (no stand-ins for the code under test)."""

import base45

from onestop.certs import offline, services

# 麦家荣: a demo resident with a citizen account (so scans notify him).
HOLDER_NAME, HOLDER_ID = "麦家荣", "440403199408248952"


def id_card_fields(person) -> dict:
    return {
        "gender": person.get_gender_display(),
        "ethnicity": "汉",
        "birth_date": person.birth_date.isoformat(),
        "address": person.address,
        "issued_on": "2026-01-05",
    }


def tamper_offline(text: str, **changes) -> str:
    """The offline token with some signed fields changed and the old signature kept."""
    token, signature = offline.parse(text)
    values = {**token.__dict__, **changes}
    return offline.PREFIX + base45.b45encode(offline.OfflineToken(**values).body() + signature).decode()


def online(certificate) -> str:
    """A fresh online 亮证 code (OSQ:…) for the certificate."""
    return services.create_online_presentation(certificate)[0]


def global_index(certificate) -> int:
    """The status index an offline code carries: list number × list size + bit (see services)."""
    return (certificate.status_list.number - 1) * certificate.status_list.size + certificate.status_index
