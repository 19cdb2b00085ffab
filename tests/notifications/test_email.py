"""E-mail through a real SMTP server (aiosmtpd) started by the test on a free port."""

import email
import socket

import pytest
from aiosmtpd.controller import Controller

from onestop.notifications import delivery, services

from .conftest import only

CASE = {"item": "居民身份证换领", "number": "DM-TEST-3"}


class Recorder:
    def __init__(self, refuse: str = ""):
        self.messages, self.refuse = [], refuse

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refuse:
            return self.refuse
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, email.message_from_bytes(envelope.content)))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    def start(refuse: str = "") -> Recorder:
        handler = Recorder(refuse)
        controller = Controller(handler, hostname="127.0.0.1", port=_free_port())
        controller.start()
        started.append(controller)
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", controller.port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        return handler

    started = []
    yield start
    for controller in started:
        controller.stop()


def _email(user):
    services.set_preferences(user, {"case": {"email"}})
    return only(services.notify(user, "case.submitted", CASE, link="/my/cases/DM-TEST-3/"), "email")


def test_an_email_is_delivered_over_smtp(user, smtp, settings):
    server = smtp()
    mail = _email(user)
    assert delivery.deliver(mail.pk) == "delivered"
    [(recipients, message)] = server.messages
    assert recipients == [user.email]
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == "申请已提交"
    assert message["Message-ID"] == f"<{mail.idempotency_key}@doumen.gov.cn.example>"
    body = message.get_payload(decode=True).decode(message.get_content_charset())
    assert "办件编号 DM-TEST-3" in body and f"{settings.ONESTOP_SITE_URL}/my/cases/DM-TEST-3/" in body
    mail.refresh_from_db()
    assert mail.status == "delivered" and mail.provider_ref == message["Message-ID"]


def test_a_mailbox_refused_with_5xx_fails_at_once(user, smtp):
    smtp(refuse="550 5.1.1 Mailbox unavailable")
    mail = _email(user)
    assert delivery.deliver(mail.pk) == "failed"
    mail.refresh_from_db()
    assert mail.attempts == 1 and "550" in mail.reason


def test_a_mailbox_refused_with_4xx_is_retried(user, smtp):
    smtp(refuse="451 4.3.0 Try again later")
    mail = _email(user)
    assert delivery.deliver(mail.pk) == "queued"


def test_the_smtp_server_down_is_retried_and_the_state_change_stands(user, settings):
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", _free_port()  # nothing listens there
    mail = _email(user)
    assert delivery.deliver(mail.pk) == "queued"
    mail.refresh_from_db()
    assert "无法连接邮件服务器" in mail.reason and mail.notice.pk is not None
