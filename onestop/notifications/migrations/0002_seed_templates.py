"""Seeds a template (version 1) for every kind of notice the platform sent before this app: case
steps, 秒批 results, scans of a certificate, use of a consent. Administrators edit them in the admin."""

from django.db import migrations

CASE = {"item": "居民身份证换领", "number": "DM20261203000123"}
# key: (kind, name, sample context, title, inbox body, short message)
TEMPLATES = {
    "case.submitted": ("case", "申请已提交", CASE, "申请已提交",
                       "您申请的“{item}”已提交，办件编号 {number}。",
                       "您申请的“{item}”已提交，办件编号{number}，可在“我的办件”查看进度。"),
    "case.accepted": ("case", "办件已受理", {**CASE, "due": "2026年12月31日"}, "办件已受理",
                      "您申请的“{item}”（{number}）已受理，承诺于{due}前办结。",
                      "您申请的“{item}”（{number}）已受理，承诺于{due}前办结。"),
    "case.in_review": ("case", "办件审查中", CASE, "办件审查中",
                       "您申请的“{item}”（{number}）已进入审查。", ""),
    "case.needs_supplement": ("case", "办件需补正", {**CASE, "reason": "请补充户口簿首页复印件"}, "办件需补正",
                              "您申请的“{item}”（{number}）需补正材料。意见：{reason}",
                              "您申请的“{item}”（{number}）需补正材料，请登录“我的办件”查看意见并补正。"),
    "case.resumed": ("case", "补正材料已提交", CASE, "补正材料已提交",
                     "您为“{item}”（{number}）补正的材料已提交，我们将继续办理。", ""),
    "case.completed": ("case", "办件已办结", {**CASE, "result": "结果已发送至“我的证照”。"}, "办件已办结",
                       "您申请的“{item}”（{number}）已办结。{result}",
                       "您申请的“{item}”（{number}）已办结。{result}"),
    "case.refused": ("case", "不予受理", {**CASE, "reason": "申请事项不属于本部门职权范围"}, "办件不予受理",
                     "您申请的“{item}”（{number}）不予受理。意见：{reason}",
                     "您申请的“{item}”（{number}）不予受理，请登录“我的办件”查看意见。"),
    "case.not_approved": ("case", "不予批准", {**CASE, "reason": "不符合申请条件"}, "办件不予批准",
                          "您申请的“{item}”（{number}）不予批准。意见：{reason}",
                          "您申请的“{item}”（{number}）不予批准，请登录“我的办件”查看意见。"),
    "case.withdrawn": ("case", "办件已撤回", CASE, "办件已撤回",
                       "您申请的“{item}”（{number}）已撤回。", ""),
    "instant.approved": ("instant", "秒批通过", {**CASE, "result": "结果已发送至“我的证照”。"}, "办件已办结",
                         "您申请的“{item}”（{number}）符合秒批条件，已自动审批通过并办结。{result}",
                         "您申请的“{item}”（{number}）已秒批通过并办结。{result}"),
    "instant.rejected": ("instant", "秒批不予批准", {**CASE, "reason": "申请人年龄未满70周岁"}, "办件不予批准",
                         "您申请的“{item}”（{number}）经自动审核不予批准。意见：{reason}",
                         "您申请的“{item}”（{number}）经自动审核不予批准，请登录“我的办件”查看意见。"),
    "instant.referred": ("instant", "转人工审核", CASE, "办件转人工审核",
                         "您申请的“{item}”（{number}）需由工作人员审核，我们将尽快办理。",
                         "您申请的“{item}”（{number}）需人工审核，我们将尽快办理。"),
    "cert.scanned": ("cert_access", "证照被查验",
                     {"time": "12月03日 10:15", "verifier": "区公安分局 李警官", "cert_type": "居民身份证", "verdict": "有效"},
                     "您的电子证照被查验", "{time}，{verifier}查验了您的{cert_type}，结果：{verdict}。",
                     "{time}，{verifier}查验了您的{cert_type}。如非本人出示，请致电12345。"),
    "cert.consent_used": ("cert_access", "用证授权被使用",
                          {"time": "12月03日 10:15", "department": "区民政局", "cert_type": "户口簿",
                           "item": "高龄津贴申领", "uses": "1", "max_uses": "3"},
                          "您的用证授权已被使用",
                          "{time}，{department}按您的授权使用了您的{cert_type}，用于“{item}”（已用{uses}次，共{max_uses}次）。", ""),
}


def seed(apps, schema_editor):
    NoticeTemplate = apps.get_model("notifications", "NoticeTemplate")
    TemplateVersion = apps.get_model("notifications", "TemplateVersion")
    for key, (kind, name, sample, title, body, sms) in TEMPLATES.items():
        template, created = NoticeTemplate.objects.get_or_create(key=key, defaults={"kind": kind, "name": name, "sample_context": sample})
        if created:
            TemplateVersion.objects.create(template=template, number=1, title=title, body=body, sms_text=sms)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
