"""Registers the four branch steps of company start-up (``business.seal``, ``business.bank``,
``business.tax``, ``business.social_insurance``) with the process engine; imported by
``BusinessConfig.ready`` so that every process, the workers included, knows them."""

from . import bank, seal, social_insurance, tax

SERVICES = {module.SERVICE.step: module.SERVICE for module in (seal, bank, tax, social_insurance)}
# For the staff queue: which department's staff handle a branch step that needs attention.
DEPARTMENT_OF_STEP = {step: service.department for step, service in SERVICES.items()}
