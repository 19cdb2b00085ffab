"""Simulators of six outside registers (marriage, social insurance, disability, company register,
credit blacklist, education): one Starlette app per module, fictitious data in ``data/``."""
