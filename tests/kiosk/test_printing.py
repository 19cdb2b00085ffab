"""证照打印 at a kiosk: only the holder's own certificates, every print recorded."""

from onestop.certs.models import Certificate
from onestop.kiosk.models import PrintRecord

from .test_session_end import logged_in


def own_certificate(person) -> Certificate:
    return Certificate.objects.filter(holder_person=person, revoked_at__isnull=True).first()


def test_the_holder_sees_their_certificates(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    page = kiosk_client.get("/kiosk/print/").content.decode()
    assert own_certificate(holder).number in page


def test_printing_records_kiosk_certificate_and_time(kiosk_client, kiosk, holder):
    logged_in(kiosk_client, holder)
    certificate = own_certificate(holder)
    response = kiosk_client.post(f"/kiosk/print/{certificate.pk}/")
    assert response.status_code == 200 and "正在打印" in response.content.decode()
    record = PrintRecord.objects.get(kiosk=kiosk)
    assert (record.kiosk, record.certificate, record.user) == (kiosk, certificate, holder.user)


def test_someone_elses_certificate_is_not_found_and_nothing_is_recorded(kiosk_client, holder, other):
    logged_in(kiosk_client, holder)
    theirs = own_certificate(other)
    assert kiosk_client.get(f"/kiosk/print/{theirs.pk}/").status_code == 404
    assert kiosk_client.post(f"/kiosk/print/{theirs.pk}/").status_code == 404
    assert kiosk_client.get(f"/kiosk/print/{theirs.pk}/face/").status_code == 404
    assert PrintRecord.objects.filter(kiosk__code="DM-T01").count() == 0


def test_a_revoked_certificate_is_not_printed(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    certificate = own_certificate(holder)
    from onestop.certs.services import revoke_certificate

    revoke_certificate(certificate, "测试撤销")
    response = kiosk_client.post(f"/kiosk/print/{certificate.pk}/")
    assert response.status_code == 409 and "已撤销" in response.content.decode()
    assert PrintRecord.objects.filter(kiosk__code="DM-T01").count() == 0


def test_the_face_is_framed_only_by_this_site_and_runs_no_scripts(kiosk_client, holder):
    logged_in(kiosk_client, holder)
    response = kiosk_client.get(f"/kiosk/print/{own_certificate(holder).pk}/face/")
    assert response.status_code == 200 and holder.name in response.content.decode()
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "script-src" not in response["Content-Security-Policy"]  # default-src 'none' covers scripts
    assert response["Cache-Control"] == "private, no-store"


def test_printing_needs_a_login(kiosk_client, holder):
    response = kiosk_client.get("/kiosk/print/")
    assert response.status_code == 302 and response["Location"] == "/kiosk/login/?next=/kiosk/print/"
