"""Notice kinds and templates of the comprehensive window, appointments and complaints (their
notices moved onto the outbox when those apps were merged)."""

from django.db import migrations, models


RECEIPT = {"item": "最低生活保障", "number": "DM20261203000123", "department": "珠海市斗门区民政局", "code": "K7P2M9QX",
           "url": "https://zwfw.doumen.gov.cn/progress/"}
APPOINTMENT = {"code": "A7K2P9QM", "item": "居民身份证办理（包括临时）", "hall": "斗门区行政服务中心", "time": "12月8日 09:30-10:00"}
# key: (kind, name, sample context, title, inbox body, short message)
TEMPLATES = {
    "window.accepted": ("case", "窗口受理回执", {**RECEIPT, "due": "2026年12月10日", "days": "5"}, "办件已受理",
                        "您在综合窗口申请的“{item}”已受理，办件编号 {number}，由{department}办理，承诺{days}个工作日内（{due}前）办结。"
                        "凭办件编号和查询码 {code} 可在{url}查询进度。",
                        "您申请的“{item}”已受理，办件编号{number}，承诺{days}个工作日内（{due}前）办结。凭查询码{code}可在{url}查询进度。"),
    "window.refused": ("case", "窗口不予受理告知", {**RECEIPT, "reason": "申请事项不属于本行政机关职权范围"}, "办件不予受理",
                       "您在综合窗口申请的“{item}”（{number}）不予受理，原因：{reason}。详见窗口出具的不予受理告知书；"
                       "凭办件编号和查询码 {code} 可在{url}查询。",
                       "您申请的“{item}”（{number}）不予受理，原因：{reason}。详见不予受理告知书。"),
    "appointment.booked": ("appointment", "预约成功", APPOINTMENT, "预约成功",
                           "您已预约{time}到{hall}办理“{item}”，预约码 {code}。请在预约时段开始前1小时内到大厅自助终端或在“我的预约”签到取号，"
                           "并携带身份证件和申请材料。",
                           "您已预约{time}到{hall}办理“{item}”，预约码{code}。请提前签到取号，携带身份证件和申请材料。"),
    "appointment.changed": ("appointment", "预约改期", APPOINTMENT, "预约已改期",
                            "您的预约已改为{time}到{hall}办理“{item}”，预约码 {code}。请在预约时段开始前1小时内签到取号。",
                            "您的预约已改为{time}到{hall}办理“{item}”，预约码{code}。"),
    "appointment.cancelled": ("appointment", "预约取消", APPOINTMENT, "预约已取消",
                              "您预约的{time}在{hall}办理“{item}”已取消（预约码 {code}）。",
                              "您预约的{time}在{hall}办理“{item}”已取消（预约码{code}）。"),
    "complaint.receipt": ("complaint", "诉求受理回执", {"kind": "投诉", "number": "TS20261203000012", "department": "区城管执法局",
                                                     "due": "12月17日"},
                          "您的{kind}已受理", "您的{kind}已受理，编号 {number}，由{department}办理，将于{due}前答复。",
                          "您的{kind}已受理，编号{number}，由{department}办理，将于{due}前答复。"),
    "complaint.reply": ("complaint", "诉求已答复", {"number": "TS20261203000012", "department": "区城管执法局"},
                        "您的诉求已答复", "编号 {number}，{department}已答复，请查看答复内容并评价。",
                        "您的诉求（编号{number}）{department}已答复，请登录查看并评价。"),
}


def seed(apps, schema_editor):
    NoticeTemplate = apps.get_model("notifications", "NoticeTemplate")
    TemplateVersion = apps.get_model("notifications", "TemplateVersion")
    for key, (kind, name, sample, title, body, sms) in TEMPLATES.items():
        template, created = NoticeTemplate.objects.get_or_create(key=key, defaults={"kind": kind, "name": name, "sample_context": sample})
        if created:
            TemplateVersion.objects.create(template=template, number=1, title=title, body=body, sms_text=sms)


class Migration(migrations.Migration):

    dependencies = [
        ('notifications', '0003_move_old_inbox'),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='notice',
            name='kind',
            field=models.CharField(choices=[('case', '办件进度'), ('instant', '秒批结果'), ('cert_access', '证照查验与用证'), ('appointment', '预约取号'), ('complaint', '咨询投诉')], max_length=20, verbose_name='通知类别'),
        ),
        migrations.AlterField(
            model_name='noticetemplate',
            name='kind',
            field=models.CharField(choices=[('case', '办件进度'), ('instant', '秒批结果'), ('cert_access', '证照查验与用证'), ('appointment', '预约取号'), ('complaint', '咨询投诉')], max_length=20, verbose_name='通知类别'),
        ),
        migrations.AlterField(
            model_name='preference',
            name='kind',
            field=models.CharField(choices=[('case', '办件进度'), ('instant', '秒批结果'), ('cert_access', '证照查验与用证'), ('appointment', '预约取号'), ('complaint', '咨询投诉')], max_length=20, verbose_name='通知类别'),
        ),
    ]
