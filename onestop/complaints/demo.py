"""Demo reports: replied and published ones (for the public list and the Open311 API), and open
ones for the console queues. Idempotent: keyed by number."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from onestop.core import workdays

from .models import Category, Report, ReportEvent
from .seed import load_taxonomy

# (number, kind, category path, title, description, lat, lon, address, name, days ago, reply or "", rating)
REPORTS = [
    ("TS2026110300001", "complaint", ("城乡建设", "市政设施", "路灯"), "港霞路路灯连续多晚不亮",
     "井岸镇港霞路靠近新青工业园一段约十盏路灯连续一周晚上不亮，下班骑电动车经过很危险，请尽快维修。",
     "22.2235", "113.2962", "井岸镇港霞路（新青工业园路段）", "陈先生", 30,
     "经现场核查，该路段路灯因电缆被施工挖断停电。我局已于11月7日更换电缆，路灯已恢复照明。感谢您的反映。", 5),
    ("TS2026111000002", "complaint", ("环境保护", "噪声污染", "工业噪声"), "五金厂夜间机器噪音扰民",
     "白蕉镇某五金厂每晚十点后仍开动冲床，噪声很大，附近居民无法休息，多次沟通无果。",
     "22.1802", "113.3178", "白蕉镇昌盛路附近", "黄女士", 23,
     "经执法人员夜间监测，该厂厂界噪声超标。已责令其22时后停止冲压作业并限期加装隔声设施，将持续跟踪复查。", 4),
    ("TS2026111800003", "consultation", ("教育文体", "招生入学", "积分入学"), "咨询积分入学申请时间",
     "孩子明年上小学一年级，我们是随迁子女家庭，想了解积分入学的申请时间和所需材料。",
     None, None, "", "李先生", 15,
     "斗门区2027年积分入学预计于2027年4月开放申请，届时将在区教育局网站发布公告。所需材料包括居住证、社保缴费证明和户口簿等。", 5),
    ("TS2026112400004", "complaint", ("交通运输", "公共交通", "公交线路与班次"), "斗门镇至井岸公交班次太少",
     "早上七点到八点斗门镇往井岸方向的公交车要等四十分钟，上班族很难准时到达，希望加密班次。",
     "22.2561", "113.2213", "斗门镇大赤坎公交站", "", 9,
     "已会同公交企业调整排班，自12月1日起工作日早高峰该线路发车间隔由30分钟缩短至15分钟。", None),
    ("TS2026112700005", "complaint", ("城乡建设", "市容环卫", "垃圾清运"), "村口垃圾桶多日未清运",
     "乾务镇某村村口的垃圾桶已经三天没有清运，垃圾堆到路面，臭味很大。",
     "22.1483", "113.2075", "乾务镇村口垃圾收集点", "", 6, "", None),
    ("TS2026120100006", "suggestion", ("民政", "养老服务", "居家社区养老"), "建议社区开设长者饭堂",
     "我们社区老人多，子女白天上班，建议在社区服务中心开设长者饭堂，方便老人就近用餐。",
     None, None, "", "", 2, "", None),
]


@transaction.atomic
def load_demo_reports() -> int:
    load_taxonomy()
    now = timezone.now()
    created = 0
    for number, kind, path, title, text, lat, lon, address, name, days, reply, rating in REPORTS:
        if Report.objects.filter(number=number).exists():
            continue
        node = None
        for part in path:
            node = Category.objects.get(name=part, parent=node)
        at = now - dt.timedelta(days=days)
        due = workdays.add_working_days(timezone.localdate(at), 10 if kind == "complaint" else 5)
        report = Report.objects.create(
            number=number, kind=kind, category=node, suggested_category=node, department=node.department, title=title,
            description=text, latitude=Decimal(lat) if lat else None, longitude=Decimal(lon) if lon else None,
            address=address, contact_name=name, public=True, token=f"demo{number}", due_date=due.date,
            due_estimated=due.estimated, mobile="")
        Report.objects.filter(pk=report.pk).update(created_at=at)
        ReportEvent.objects.create(report=report, action=ReportEvent.Action.SUBMIT, actor="示例数据",
                                   to_department=node.department)
        if reply:
            replied = at + dt.timedelta(days=4)
            Report.objects.filter(pk=report.pk).update(
                status=Report.Status.CLOSED if rating else Report.Status.REPLIED, reply=reply, replied_at=replied,
                replied_by=f"{node.department.name}", rating=rating, rated_at=replied if rating else None,
                closed_at=replied if rating else None)
        created += 1
    return created
