"""Population register (户籍人口库): is this name the holder of this ID number?"""

from django.conf import settings

from . import ServiceUnavailable, call


def identity_matches(name: str, id_number: str) -> bool:
    response = call(settings.ONESTOP_POPULATION_URL, "POST", "/v1/identity/verify", json={"name": name, "id_number": id_number})
    if response.status_code != 200:
        raise ServiceUnavailable(f"HTTP {response.status_code}")
    return bool(response.json().get("match"))


def resident(id_number: str) -> dict | None:
    response = call(settings.ONESTOP_POPULATION_URL, "GET", f"/v1/residents/{id_number}")
    if response.status_code == 404:
        return None
    if response.status_code != 200:
        raise ServiceUnavailable(f"HTTP {response.status_code}")
    return response.json()
