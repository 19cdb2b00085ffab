"""{% case_rating case %}: the 好差评 panel of a citizen's case page (the form, or the rating given)."""

from django import template

from onestop.ratings import services
from onestop.ratings.grades import BAD_REASONS, GOOD_REASONS, GRADES

register = template.Library()


@register.inclusion_tag("ratings/_case_rating.html")
def case_rating(case):
    service = services.service_of_case(case)
    rating = services.rating_of(service.kind, service.target_id)
    return {"case": case, "rating": rating, "ratable": services.case_is_ratable(case), "grades": list(GRADES.items()),
            "good_reasons": GOOD_REASONS.items(), "bad_reasons": BAD_REASONS.items(),
            "reason_labels": {**GOOD_REASONS, **BAD_REASONS}}
