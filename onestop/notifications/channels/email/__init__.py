"""E-mail over SMTP: host, port, STARTTLS or implicit TLS and credentials come from the settings
(EMAIL_* environment variables, README). The delivery's key is the Message-ID, so a retry after a
lost answer is recognisable as the same message."""

from __future__ import annotations

import smtplib
import socket
from email.utils import parseaddr

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email

from .. import Message, PermanentFailure, TemporaryFailure


class Email:
    inline = False
    rate_limited = True

    def address_for(self, user) -> str:
        return user.email or ""

    def send(self, message: Message) -> str:
        try:
            validate_email(message.address)
        except ValidationError:
            raise PermanentFailure("电子邮箱地址无效") from None
        domain = parseaddr(settings.DEFAULT_FROM_EMAIL)[1].rpartition("@")[2] or "localhost"
        message_id = f"<{message.idempotency_key}@{domain}>"
        body = message.text + (f"\n\n查看详情：{settings.ONESTOP_SITE_URL}{message.link}" if message.link else "")
        email = EmailMessage(message.subject, body, settings.DEFAULT_FROM_EMAIL, [message.address],
                             headers={"Message-ID": message_id})
        connection = get_connection("django.core.mail.backends.smtp.EmailBackend", fail_silently=False,
                                    timeout=settings.EMAIL_TIMEOUT)
        try:
            connection.send_messages([email])
        except smtplib.SMTPRecipientsRefused as exc:
            codes = [code for code, _ in exc.recipients.values()]
            if all(500 <= code < 600 for code in codes):
                raise PermanentFailure(f"收件地址被拒收（SMTP {codes[0]}）") from None
            raise TemporaryFailure(f"邮件服务器暂时拒收（SMTP {codes[0]}）") from None
        except smtplib.SMTPResponseException as exc:
            if 500 <= exc.smtp_code < 600 and exc.smtp_code not in (530, 535):
                raise PermanentFailure(f"邮件服务器拒收（SMTP {exc.smtp_code}）") from None
            raise TemporaryFailure(f"邮件服务器暂不可用（SMTP {exc.smtp_code}）") from None
        except (smtplib.SMTPException, OSError, socket.timeout) as exc:
            raise TemporaryFailure(f"无法连接邮件服务器（{type(exc).__name__}）") from None
        return message_id


CHANNEL = Email()
