import pytest
from django.urls import reverse

from onestop.accounts.models import User
from onestop.ratings.models import FollowUp, Rating, Target


def test_the_citizen_rates_a_finished_case_from_its_page_and_staff_reply(client, finished_case, citizen):
    client.force_login(citizen)
    page = client.get(reverse("cases:case", args=[finished_case.number]))
    assert "服务评价（好差评）" in page.content.decode() and "一次性告知不到位" in page.content.decode()
    response = client.post(reverse("ratings:rate-case", args=[finished_case.number]),
                           {"grade": "2", "reasons": ["not_told_once"], "comment": "材料没有一次说清"})
    assert response.status_code == 302
    rating = Rating.objects.get(target_kind=Target.CASE, target_id=finished_case.pk)
    assert rating.grade == 2 and rating.follow_up.status == FollowUp.Status.OPEN
    assert "办理部门正在核实整改" in client.get(reverse("cases:case", args=[finished_case.number])).content.decode()

    staff = User.objects.get(username="d008-reviewer")
    client.force_login(staff)
    listing = client.get(reverse("ratings:follow-ups")).content.decode()
    assert finished_case.number in listing and "一次性告知不到位；材料没有一次说清" in listing
    url = reverse("ratings:follow-up", args=[rating.follow_up.pk])
    assert client.post(url, {"rectification": "", "reply": "x"}).status_code == 400
    assert client.post(url, {"rectification": "已核实并培训窗口人员", "reply": "已整改，感谢监督"}).status_code == 302
    assert FollowUp.objects.get(pk=rating.follow_up.pk).status == FollowUp.Status.REPLIED


def test_someone_elses_case_is_404_not_500(client, finished_case, other_citizen):
    client.force_login(other_citizen)
    response = client.post(reverse("ratings:rate-case", args=[finished_case.number]), {"grade": "5"})
    assert response.status_code == 404
    assert not Rating.objects.filter(target_kind=Target.CASE, target_id=finished_case.pk).exists()


@pytest.mark.parametrize("grade", ["", "9"])
def test_a_bad_grade_shows_a_message_and_changes_nothing(client, finished_case, citizen, grade):
    client.force_login(citizen)
    response = client.post(reverse("ratings:rate-case", args=[finished_case.number]), {"grade": grade}, follow=True)
    assert "请选择评价等级" in response.content.decode()
    assert not Rating.objects.filter(target_kind=Target.CASE, target_id=finished_case.pk).exists()
