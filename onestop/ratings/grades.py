"""The five grades of 政务服务"好差评" (国办发〔2019〕51号) and the reasons offered per grade group.
Pure data, no database."""

from __future__ import annotations

VERY_SATISFIED, SATISFIED, BASIC, DISSATISFIED, VERY_DISSATISFIED = 5, 4, 3, 2, 1
GRADES = {VERY_SATISFIED: "非常满意", SATISFIED: "满意", BASIC: "基本满意",
          DISSATISFIED: "不满意", VERY_DISSATISFIED: "非常不满意"}
GRADE_CHOICES = list(GRADES.items())
BAD_GRADES = frozenset({DISSATISFIED, VERY_DISSATISFIED})  # 差评: opens a follow-up (整改)
SATISFIED_GRADES = frozenset({VERY_SATISFIED, SATISFIED, BASIC})  # counted in the satisfaction rate

GOOD_REASONS = {"efficient": "办事效率高", "attitude": "服务态度好", "few_materials": "材料精简",
                "one_visit": "一次办好", "clear_guide": "指引清晰", "online": "网上可办"}
BAD_REASONS = {"many_trips": "多次跑动", "many_materials": "材料繁杂", "overdue": "超时办理",
               "attitude": "态度差", "not_told_once": "一次性告知不到位", "system": "系统不好用"}
COMMENT_MAX = 500


def reasons_for(grade: int) -> dict[str, str]:
    return BAD_REASONS if grade in BAD_GRADES else GOOD_REASONS
