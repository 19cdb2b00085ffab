"""manage.py kiosk_enrolment_link: registers a terminal and prints a link that enrols a browser."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from onestop.kiosk.models import Kiosk


def test_it_registers_the_kiosk_and_prints_a_working_link(hall):
    out = io.StringIO()
    call_command("kiosk_enrolment_link", "DM-K09", "--hall", hall.code, "--location", "自助服务区", stdout=out)
    path = out.getvalue().strip()
    kiosk = Kiosk.objects.get(code="DM-K09")
    assert (kiosk.hall, kiosk.location, kiosk.idle_prompt_seconds, kiosk.countdown_seconds) == (hall, "自助服务区", 90, 30)
    assert Client().post(path).status_code == 302


def test_it_refuses_an_unknown_hall(db):
    with pytest.raises(CommandError, match="no hall"):
        call_command("kiosk_enrolment_link", "DM-K09", "--hall", "H000", stdout=io.StringIO())
    assert not Kiosk.objects.filter(code="DM-K09").exists()
