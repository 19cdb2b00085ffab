"""The pages: bad input answers a clear Chinese message (never a 500), other people's bookings are
not found, staff pages need a window role, the screen is public."""

import datetime as dt

import pytest
from django.utils import timezone

from onestop.appointments import notices, queue, services
from onestop.appointments.models import Appointment
from onestop.catalog.models import Department
from onestop.notifications import delivery
from onestop.notifications.models import Delivery
from tests.simulator_fixtures import TOKEN

from .helpers import assume_next_year_if_needed, at, make_citizen, make_hall, make_item, make_window

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _enough_open_days():
    # Rolled back with the test's transaction.
    assume_next_year_if_needed(5)


@pytest.fixture
def booked():
    hall = make_hall()
    item = make_item(hall)
    make_window(hall)
    user = make_citizen()
    day = services.open_days()[2]
    appointment = services.book(user, item, hall, at(day, 9))
    return hall, item, user, appointment


def test_the_booking_page_lists_the_hall_and_its_slots(client, booked):
    hall, item, user, _ = booked
    client.force_login(user)
    day = services.open_days()[3]
    page = client.get(f"/items/{item.code}/appointment/?hall={hall.code}&day={day:%Y-%m-%d}").content.decode()
    assert hall.name in page and "预约须知" in page
    assert page.count('name="start"') == 6 + 6  # 9:00–12:00 and 14:00–17:00


@pytest.mark.parametrize("form", [{"hall": "", "start": ""}, {"start": "not-a-time"}, {"start": "2026-12-07T09:00"}])
def test_bad_booking_input_is_a_400_with_a_chinese_message(client, booked, form):
    hall, item, user, _ = booked
    client.force_login(user)
    response = client.post(f"/items/{item.code}/appointment/", {"hall": hall.code, **form})
    assert response.status_code == 400
    assert "请选择办理大厅和预约时段" in response.content.decode()


def test_another_persons_booking_is_not_found(client, booked):
    _, _, _, appointment = booked
    client.force_login(make_citizen())
    assert client.get(f"/my/appointments/{appointment.code}/").status_code == 404
    assert client.post(f"/my/appointments/{appointment.code}/cancel/").status_code == 404
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.BOOKED


def test_the_owner_cancels_from_the_page(client, booked):
    _, _, user, appointment = booked
    client.force_login(user)
    response = client.post(f"/my/appointments/{appointment.code}/cancel/", follow=True)
    assert "预约已取消" in response.content.decode()
    appointment.refresh_from_db()
    assert appointment.status == Appointment.Status.CANCELLED


def test_booking_pages_need_a_login(client, booked):
    _, item, _, _ = booked
    response = client.get(f"/items/{item.code}/appointment/")
    assert response.status_code == 302 and "/login" in response["Location"]


def test_the_window_desk_needs_a_window_role(client, booked):
    _, _, user, _ = booked
    assert client.get("/console/tickets/").status_code == 302
    client.force_login(user)
    assert client.get("/console/tickets/").status_code == 403


def test_the_hall_screen_is_public_and_refreshes_itself(client, booked):
    hall, _, _, _ = booked
    window = hall.windows.get()
    queue.take_ticket(hall, Department.objects.get(code="D008"))
    queue.call_next(window)
    response = client.get(f"/halls/{hall.code}/screen/")
    assert response["Refresh"] == "5"
    page = response.content.decode()
    assert "B001" in page and "1号窗口" in page
    assert client.get("/halls/NOSUCHHALL/screen/").status_code == 404


def test_the_kiosk_queue_pages_only_open_on_a_kiosk(client):
    assert client.get("/kiosk/queue/walk-in/").status_code == 403


def test_the_booking_sms_reaches_the_gateway(booked, sms, settings, django_capture_on_commit_callbacks):
    hall, item, _, _ = booked
    settings.ONESTOP_SMS_URL, settings.ONESTOP_SIMULATOR_TOKEN = sms.base_url, TOKEN
    user = make_citizen(mobile="13912345678")
    day = services.open_days()[4]
    with django_capture_on_commit_callbacks(execute=True):
        appointment = services.book(user, item, hall, at(day, 10))
    sms_delivery = Delivery.objects.get(notice__user=user, notice__template__key=notices.BOOKED, channel="sms")
    assert delivery.deliver(sms_delivery.pk) == "delivered"  # what the notices worker does
    message = sms.get("/v1/messages?to=13912345678&limit=1").body["messages"][0]
    assert message["template"] == "notice" and appointment.code in message["text"]
    start = timezone.localtime(appointment.slot.starts_at)
    assert f"{start:%-m月%-d日} 10:00-10:30" in message["text"]
    assert user.notices.get(template__key=notices.BOOKED).title == "预约成功"


def test_a_missed_appointment_shows_as_no_show_on_my_page(client, booked):
    hall, item, _, _ = booked
    user = make_citizen()
    past = dt.date(2026, 11, 30)
    services.book(user, item, hall, at(past, 9), now=at(past, 8))
    client.force_login(user)
    page = client.get("/my/appointments/").content.decode()
    assert "爽约" in page
