"""notify(): the notice and its deliveries commit or roll back with the change; one per event;
the person's channels; bare addresses; the template version used."""

import pytest
from django.db import transaction

from onestop.notifications import services
from onestop.notifications.models import Delivery, Notice, NoticeTemplate, TemplateVersion

from .conftest import new_user

CASE = {"item": "居民身份证换领", "number": "DM-TEST-1"}


def test_a_notice_rolls_back_with_the_change_that_caused_it(user):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.notify(user, "case.submitted", CASE, dedupe_key="case:rollback")
        raise RuntimeError("the state change failed")
    assert not Notice.objects.filter(user=user).exists()
    assert not Delivery.objects.filter(notice__user=user).exists()


def test_a_notice_commits_with_the_change_and_queues_only_after_commit(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        notice = services.notify(user, "case.submitted", CASE, dedupe_key="case:commit", link="/my/cases/DM-TEST-1/")
        assert {d.channel: d.status for d in notice.deliveries.all()} == {"inbox": "delivered", "sms": "queued"}
    assert len(callbacks) == 1  # the SMS task is enqueued only when the transaction commits
    assert notice.title == "申请已提交" and notice.body == "您申请的“居民身份证换领”已提交，办件编号 DM-TEST-1。"
    assert notice.version == NoticeTemplate.objects.get(key="case.submitted").current_version()
    assert notice.deliveries.get(channel="sms").text.startswith("您申请的“居民身份证换领”已提交")


def test_the_same_event_notified_twice_is_one_notice(user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        first = services.notify(user, "case.submitted", CASE, dedupe_key="case:1:event:1")
        again = services.notify(user, "case.submitted", CASE, dedupe_key="case:1:event:1")
    assert first.pk == again.pk
    assert Notice.objects.filter(dedupe_key="case:1:event:1").count() == 1
    assert Delivery.objects.filter(notice=first).count() == 2 and len(callbacks) == 1


def test_a_duplicate_leaves_the_callers_transaction_usable(user):
    with transaction.atomic():
        services.notify(user, "case.submitted", CASE, dedupe_key="case:2:event:1")
        services.notify(user, "case.submitted", CASE, dedupe_key="case:2:event:1")
        assert Notice.objects.filter(user=user).count() == 1  # still queryable: the savepoint took the error


def test_preferences_choose_the_channels(user):
    services.set_preferences(user, {"case": {"email"}, "cert_access": {"sms", "email"}})
    case = services.notify(user, "case.submitted", CASE)
    scan = services.notify(user, "cert.scanned", {"time": "12月03日 10:15", "verifier": "区公安分局", "cert_type": "居民身份证",
                                                  "verdict": "有效"})
    assert set(case.deliveries.values_list("channel", flat=True)) == {"inbox", "email"}
    assert set(scan.deliveries.values_list("channel", flat=True)) == {"inbox", "sms", "email"}
    assert case.deliveries.get(channel="email").address == user.email


def test_defaults_apply_until_the_person_chooses(user):
    assert services.preferences(user) == {"case": {"inbox", "sms"}, "instant": {"inbox", "sms"}, "cert_access": {"inbox"},
                                          "appointment": {"inbox", "sms"}, "complaint": {"inbox", "sms"},
                                          "rating": {"inbox", "sms"}}
    services.set_preferences(user, {"case": set()})
    assert services.preferences(user)["case"] == {"inbox"}  # the inbox cannot be switched off


def test_an_unknown_kind_or_channel_is_refused(user):
    with pytest.raises(services.NoticeError):
        services.set_preferences(user, {"case": {"fax"}})
    with pytest.raises(services.NoticeError):
        services.set_preferences(user, {"lottery": {"sms"}})


def test_a_channel_without_an_address_is_skipped(db):
    person = new_user(email="")
    services.set_preferences(person, {"case": {"sms", "email"}})
    notice = services.notify(person, "case.submitted", CASE)
    assert set(notice.deliveries.values_list("channel", flat=True)) == {"inbox", "sms"}


def test_a_template_without_a_short_message_sends_none(user):
    notice = services.notify(user, "case.in_review", CASE)
    assert set(notice.deliveries.values_list("channel", flat=True)) == {"inbox"}


def test_a_bare_mobile_gets_an_sms_and_no_inbox(db):
    notice = services.notify("13712345678", "case.submitted", CASE)
    assert notice.user is None and notice.address == "13712345678"
    assert list(notice.deliveries.values_list("channel", "address")) == [("sms", "13712345678")]


def test_a_bare_address_that_is_neither_mobile_nor_email_makes_no_notice(db):
    assert services.notify("not an address", "case.submitted", CASE) is None


def test_a_notice_keeps_the_version_it_was_rendered_from(user):
    template = NoticeTemplate.objects.get(key="case.submitted")
    before = services.notify(user, "case.submitted", CASE)
    current = template.current_version()
    TemplateVersion.objects.create(template=template, number=current.number + 1, title="申请已收到",
                                   body="“{item}”的申请已收到（{number}）。", sms_text=current.sms_text)
    after = services.notify(user, "case.submitted", CASE)
    assert (before.version.number, before.title) == (current.number, "申请已提交")
    assert (after.version.number, after.title, after.body) == (current.number + 1, "申请已收到", "“居民身份证换领”的申请已收到（DM-TEST-1）。")


def test_every_seeded_template_renders_with_its_sample_and_fits_two_sms_parts(db):
    from onestop.notifications import wording

    templates = NoticeTemplate.objects.all()
    assert {"case.submitted", "instant.approved", "cert.scanned", "cert.consent_used"} <= {t.key for t in templates}
    for template in templates:
        version = template.current_version()
        assert wording.problems({n: getattr(version, n) for n in wording.FIELDS}, template.sample_context) == {}, template.key
        shown = wording.preview({n: getattr(version, n) for n in wording.FIELDS}, template.sample_context)
        assert not shown.sms or (shown.sms.startswith("【斗门政务】") and shown.sms_count.parts <= 2)
