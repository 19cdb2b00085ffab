import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from onestop.cases import material_files
from onestop.complaints import services
from onestop.complaints.models import Report, ReportEvent
from onestop.complaints.services import Actor, ComplaintError
from onestop.core import workdays
from tests.simulator_fixtures import last_otp

pytestmark = pytest.mark.django_db


def submit(category, actor, user=None, **extra):
    fields = {"kind": "complaint", "category": category, "title": "港霞路路灯不亮",
              "description": "港霞路新青工业园路段十几盏路灯一周不亮，晚上很危险。", "actor": actor, "user": user}
    fields.update(extra)
    return services.submit_report(**fields)


def jpeg_with_exif() -> bytes:
    image = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "TestCamera"  # Make
    exif[0x0132] = "2026:12:03 08:00:00"  # DateTime
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif)
    return out.getvalue()


def test_a_report_goes_to_the_categorys_department_with_a_deadline_in_working_days(streetlight, citizen, citizen_actor):
    report = submit(streetlight, citizen_actor, citizen)
    assert report.department.name == "区城市管理综合执法局"
    assert report.status == Report.Status.PROCESSING
    expected = workdays.add_working_days(timezone.localdate(report.created_at), services.REPLY_DAYS["complaint"])
    assert report.due_date == expected.date
    assert report.number.startswith("TS") and len(report.number) == 15
    assert list(report.events.values_list("action", flat=True)) == ["submit"]


def test_an_anonymous_citizen_submits_only_with_the_code_sent_to_the_mobile(outside_systems, streetlight):
    mobile = "13712340002"
    services.send_code(mobile)
    with pytest.raises(ComplaintError) as wrong:
        services.verify_code(mobile, "000000" if last_otp(outside_systems.sms, mobile) != "000000" else "111111")
    assert wrong.value.code == "otp_wrong"
    verified = services.verify_code(mobile, last_otp(outside_systems.sms, mobile))
    report = submit(streetlight, Actor("市民（手机尾号0002）"), mobile=verified)
    assert report.mobile == mobile and report.user is None


def test_without_an_account_or_a_verified_mobile_nothing_is_filed(streetlight):
    with pytest.raises(ComplaintError) as refused:
        submit(streetlight, Actor("匿名"))
    assert refused.value.code == "contact_required"


def test_not_resolved_reopens_once_and_the_second_rating_closes(streetlight, citizen, citizen_actor, city_staff):
    staff = Actor("区城市管理综合执法局 测试", city_staff)
    report = submit(streetlight, citizen_actor, citizen)
    services.reply(report, text="已安排维修班组，三个工作日内修复。", actor=staff)
    report = services.rate(report, rating=2, resolved=False, actor=citizen_actor)
    assert report.status == Report.Status.PROCESSING and report.reopened_at is not None
    services.reply(report, text="路灯电缆已更换，经夜间复查全部亮灯。", actor=staff)
    report = services.rate(report, rating=2, resolved=False, actor=citizen_actor)
    assert report.status == Report.Status.CLOSED  # reopened only once
    actions = list(report.events.values_list("action", flat=True))
    assert actions == ["submit", "reply", "rate", "reopen", "reply", "rate", "close"]
    with pytest.raises(ComplaintError):
        services.rate(report, rating=5, resolved=True, actor=citizen_actor)


def test_a_rating_outside_one_to_five_is_refused(streetlight, citizen, citizen_actor, city_staff):
    report = submit(streetlight, citizen_actor, citizen)
    services.reply(report, text="已安排维修班组，三个工作日内修复。", actor=Actor("x", city_staff))
    for bad in (0, 6, "five", None):
        with pytest.raises(ComplaintError) as refused:
            services.rate(report, rating=bad, resolved=True, actor=citizen_actor)
        assert refused.value.code == "invalid_rating"


def test_rerouting_needs_a_reason_and_is_audited_with_both_departments(streetlight, citizen, citizen_actor, city_staff):
    report = submit(streetlight, citizen_actor, citizen)
    staff = Actor("区城市管理综合执法局 测试", city_staff)
    from onestop.complaints.models import Category

    water = Category.objects.get(name="停水与水压")
    with pytest.raises(ComplaintError) as refused:
        services.reroute(report, category=water, reason="", actor=staff)
    assert refused.value.code == "reason_required"
    report = services.reroute(report, category=water, reason="反映的是小区停水，属水务职责", actor=staff)
    assert report.department.name == "区水务局"
    event = ReportEvent.objects.get(report=report, action="reroute")
    assert (event.from_department.name, event.to_department.name, event.actor) == ("区城市管理综合执法局", "区水务局", staff.label)


def test_photos_are_re_encoded_without_exif_and_non_images_are_refused(streetlight, citizen, citizen_actor):
    photo = SimpleUploadedFile("a.jpg", jpeg_with_exif(), content_type="image/jpeg")
    report = submit(streetlight, citizen_actor, citizen, uploads=[photo])
    stored = material_files.read(report.photos.get())
    assert not Image.open(io.BytesIO(stored)).getexif()
    assert b"TestCamera" not in stored
    fake = SimpleUploadedFile("b.jpg", b"\xff\xd8\xff" + b"not really a jpeg" * 10, content_type="image/jpeg")
    with pytest.raises(ComplaintError) as refused:
        submit(streetlight, citizen_actor, citizen, uploads=[fake])
    assert refused.value.code == "invalid_photo"


def test_a_point_outside_the_district_is_refused(streetlight, citizen, citizen_actor):
    with pytest.raises(ComplaintError) as refused:
        submit(streetlight, citizen_actor, citizen, latitude="39.9", longitude="116.4")
    assert refused.value.code == "location_outside"
    with pytest.raises(ComplaintError):
        submit(streetlight, citizen_actor, citizen, latitude="NaN", longitude="113.3")


def test_similar_open_reports_are_found_nearby_and_not_across_the_district(streetlight, citizen, citizen_actor):
    from onestop.complaints.similar import find_similar

    near = submit(streetlight, citizen_actor, citizen, latitude="22.223500", longitude="113.296200")
    found = find_similar("港霞路路灯坏了", "港霞路那边的路灯晚上都不亮", 22.2240, 113.2965, streetlight)
    assert near.pk in [s.report.pk for s in found]
    assert all(s.distance_m is not None and s.distance_m < 800 for s in found)
    far = find_similar("港霞路路灯坏了", "港霞路那边的路灯晚上都不亮", 22.1200, 113.1500, streetlight)
    assert near.pk not in [s.report.pk for s in far]


def test_the_public_list_shows_only_public_replied_reports_with_numbers_masked(client, streetlight, citizen, citizen_actor, city_staff):
    shown = submit(streetlight, citizen_actor, citizen, public=True, contact_name="陈大文",
                   description="港霞路路灯一周不亮，我的电话13712345678，请回电。<script>alert(1)</script>")
    hidden = submit(streetlight, citizen_actor, citizen, public=False, title="不公开的路灯诉求")
    for report in (shown, hidden):
        services.reply(report, text="已修复，感谢反映，如有问题请致电0756-5512345。", actor=Actor("x", city_staff))
    page = client.get(reverse("complaints:public-detail", args=[shown.number])).content.decode()
    assert "137****5678" in page and "13712345678" not in page
    assert "陈**" in page and "陈大文" not in page
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page
    listing = client.get(reverse("complaints:public-list")).content.decode()
    assert shown.number in listing and hidden.number not in listing
    assert client.get(reverse("complaints:public-detail", args=[hidden.number])).status_code == 404


def test_staff_see_only_their_own_departments_reports(client, streetlight, citizen, citizen_actor, city_staff, other_staff):
    report = submit(streetlight, citizen_actor, citizen)
    client.force_login(other_staff)
    assert client.get(reverse("complaints:console-report", args=[report.number])).status_code == 404
    assert report.number not in client.get(reverse("complaints:console-queue")).content.decode()
    client.force_login(city_staff)
    assert client.get(reverse("complaints:console-report", args=[report.number])).status_code == 200
    assert report.number in client.get(reverse("complaints:console-queue")).content.decode()


def test_a_citizen_cannot_open_someone_elses_report(client, streetlight, citizen, citizen_actor):
    from onestop.accounts.models import User

    report = submit(streetlight, citizen_actor, citizen)
    client.force_login(User.objects.create(username="complaints-someone-else", kind=User.Kind.CITIZEN))
    assert client.get(reverse("complaints:detail", args=[report.number])).status_code == 404
    client.force_login(citizen)
    assert client.get(reverse("complaints:detail", args=[report.number])).status_code == 200


def test_overdue_reports_are_flagged_in_the_queue(client, streetlight, citizen, citizen_actor, city_staff):
    import datetime as dt

    report = submit(streetlight, citizen_actor, citizen)
    Report.objects.filter(pk=report.pk).update(due_date=dt.date(2026, 11, 2))
    client.force_login(city_staff)
    page = client.get(reverse("complaints:console-queue")).content.decode()
    row = page[page.index(report.number) - 600: page.index(report.number)]
    assert "已超期" in row


def test_the_form_suggests_a_category_shows_nearby_reports_without_private_text_and_files_the_report(
        client, streetlight, citizen, citizen_actor):
    private = submit(streetlight, citizen_actor, citizen, title="我家门口港霞路路灯坏了", public=False,
                     latitude="22.223500", longitude="113.296200")
    client.force_login(citizen)
    form = {"kind": "complaint", "title": "港霞路路灯晚上不亮", "description": "港霞路新青工业园那段路灯晚上全都不亮，很危险。",
            "latitude": "22.223700", "longitude": "113.296300"}
    page = client.post(reverse("complaints:submit"), {**form, "action": "check"}).content.decode()
    assert 'id="suggested"' in page and "路灯" in page
    assert "同类诉求（提交人未同意公开内容）" in page and private.title not in page
    response = client.post(reverse("complaints:submit"), {**form, "action": "submit", "category": streetlight.code})
    assert response.status_code == 302
    report = Report.objects.filter(user=citizen).exclude(pk=private.pk).get()
    assert report.suggested_category is not None and report.category == streetlight
    assert response["Location"] == reverse("complaints:detail", args=[report.number])


def test_an_empty_submission_gets_chinese_errors_not_a_500(client, citizen):
    client.force_login(citizen)
    response = client.post(reverse("complaints:submit"), {"action": "submit", "kind": "complaint", "title": "",
                                                          "description": "", "latitude": "abc", "longitude": "1"})
    assert response.status_code == 422
    assert "位置须为经纬度数字" in response.content.decode()


def test_the_closing_rating_writes_one_service_rating(streetlight, citizen, citizen_actor, city_staff):
    from onestop.ratings.models import Rating, Target

    report = submit(streetlight, citizen_actor, citizen)
    services.reply(report, text="已安排维修班组，三个工作日内修复。", actor=Actor("x", city_staff))
    report = services.rate(report, rating=1, resolved=True, comment="修了又坏", actor=citizen_actor)
    ratings = Rating.objects.filter(target_kind=Target.COMPLAINT, target_id=report.pk)
    assert [(r.grade, r.comment, r.department_id, r.rater_id) for r in ratings] == [(1, "修了又坏", report.department_id, citizen.pk)]
    assert ratings.get().follow_up.department_id == report.department_id
