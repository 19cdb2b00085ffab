"""The notice telling a rater how the department rectified a bad rating (回访)."""

from django.db import migrations

TEMPLATES = {
    "rating.follow_up_reply": ("rating", "差评整改回复", {"target": "办件", "number": "DM20261203000123", "department": "珠海市斗门区民政局",
                                                   "reply": "已安排专人核实，窗口已改为一次性告知全部材料。"},
                               "您的评价已整改回复",
                               "您对{target}（{number}）的评价，{department}已核实整改并回复：{reply}",
                               "您对{target}（{number}）的评价，{department}已整改回复，请登录查看。"),
}


def seed(apps, schema_editor):
    NoticeTemplate = apps.get_model("notifications", "NoticeTemplate")
    TemplateVersion = apps.get_model("notifications", "TemplateVersion")
    for key, (kind, name, sample, title, body, sms) in TEMPLATES.items():
        template, created = NoticeTemplate.objects.get_or_create(key=key, defaults={"kind": kind, "name": name, "sample_context": sample})
        if created:
            TemplateVersion.objects.create(template=template, number=1, title=title, body=body, sms_text=sms)


def unseed(apps, schema_editor):
    apps.get_model("notifications", "NoticeTemplate").objects.filter(key__in=TEMPLATES, notices__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_initial"), ("notifications", "0004_more_notice_kinds")]
    operations = [migrations.RunPython(seed, unseed)]
