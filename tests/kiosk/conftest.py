"""Kiosks over the demo data: a terminal in the district hall, a browser enrolled as it (the test
client with its signed device cookie), and demo citizens with real-name accounts."""

import base64
import re
import secrets

import pytest
from django.test import Client

from onestop.accounts.models import Person
from onestop.catalog.models import Hall
from onestop.certs import qr
from onestop.kiosk import devices
from onestop.kiosk.models import Kiosk

# Demo residents with accounts bound to them (simulators/population_register/residents.json).
HOLDER_NAME, HOLDER_ID, HOLDER_MOBILE = "麦家荣", "440403199408248952", "18600008803"
OTHER_ID = "440403198406039810"  # 卢建斌


def enrolled_client(kiosk: Kiosk) -> Client:
    # An address of its own: the browser tests' server commits SMS requests from 127.0.0.1 to the same
    # test database, which would count against the per-address limit here.
    client = Client(REMOTE_ADDR=f"10.{secrets.randbelow(250)}.{secrets.randbelow(250)}.{secrets.randbelow(250) + 1}")
    code = devices.issue_enrolment_code(kiosk)
    response = client.post(f"/kiosk/enrol/{code}/")
    assert response.status_code == 302 and devices.COOKIE in response.cookies
    return client


@pytest.fixture
def hall(db) -> Hall:
    return Hall.objects.get(code="H440403000")


@pytest.fixture
def kiosk(hall) -> Kiosk:
    return Kiosk.objects.create(code="DM-T01", hall=hall, location="一楼大厅东侧")


@pytest.fixture
def other_kiosk(hall) -> Kiosk:
    return Kiosk.objects.create(code="DM-T02", hall=hall, location="二楼")


@pytest.fixture
def kiosk_client(kiosk) -> Client:
    return enrolled_client(kiosk)


@pytest.fixture
def holder(db) -> Person:
    return Person.objects.select_related("user").with_id_number(HOLDER_ID).get()


@pytest.fixture
def other(db) -> Person:
    return Person.objects.select_related("user").with_id_number(OTHER_ID).get()


def phone_of(person: Person) -> Client:
    phone = Client()
    phone.force_login(person.user)
    return phone


def show_qr(kiosk_client: Client) -> str:
    """Opens 扫码登录 on the kiosk and reads the QR image as a phone camera would: the path it names."""
    page = kiosk_client.get("/kiosk/login/qr/").content.decode()
    data = re.search(r'src="data:image/png;base64,([^"]+)"', page).group(1)
    (url,) = qr.read(base64.b64decode(data))
    return re.sub(r"^https?://[^/]+", "", url)


def qr_login(kiosk_client: Client, person: Person):
    """The whole 扫码登录: QR shown, confirmed on the person's phone, picked up by the poll."""
    path = show_qr(kiosk_client)
    assert phone_of(person).post(path).status_code == 200
    return kiosk_client.get("/kiosk/login/qr/status/", HTTP_HX_REQUEST="true")
