"""需补正 on the applicant's page: the reason and the 补正 form come before the application data, and
the progress bar shows a 需补正 step only for a case that is or was in 需补正."""

import pytest

from onestop.cases import review, services
from onestop.cases.views import timeline_steps

from .conftest import pdf

pytestmark = pytest.mark.django_db


def _labels(case):
    return [(s["label"], s["done"], s["current"]) for s in timeline_steps(case)]


def test_a_case_never_asked_for_material_has_no_supplement_step(submit):
    case = submit()
    assert [label for label, *_ in _labels(case)] == ["已提交", "已受理", "审查中", "已办结"]


def test_a_case_in_supplement_shows_the_step_after_the_one_it_was_asked_from(submit, reviewer):
    case = submit()
    review.act(case, reviewer, "accept")
    review.act(case, reviewer, "request_supplement", "请补充近三个月收入证明")
    case.refresh_from_db()
    assert _labels(case) == [("已提交", True, False), ("已受理", True, False), ("需补正", True, True),
                             ("审查中", False, False), ("已办结", False, False)]


def test_after_supplying_the_step_stays_as_done_and_not_current(submit, citizen, reviewer):
    case = submit()
    review.act(case, reviewer, "request_supplement", "请补充近三个月收入证明")
    case = services.supplement_case(case, citizen, note="已补充", files=[pdf("收入证明.pdf")])
    labels = _labels(case)
    assert labels[:3] == [("已提交", True, True), ("需补正", True, False), ("已受理", False, False)]


def test_the_reason_and_form_come_before_the_application_data(client, submit, citizen, reviewer):
    case = submit()
    review.act(case, reviewer, "request_supplement", "请补充近三个月收入证明")
    client.force_login(citizen)
    html = client.get(f"/my/cases/{case.number}/").content.decode()
    reason, form, data = html.index('id="supplement-reason"'), html.index('id="supp-files"'), html.index('id="form-h"')
    assert reason < form < data
    assert "请补充近三个月收入证明" in html[reason:form]
    assert html.index('id="supplement-request"') < html.index('class="progress"')
