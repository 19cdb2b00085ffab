"""The parallel branches of company start-up (并联): seal filing, bank appointment, tax registration
and social-insurance / housing-fund registration, each a step of the ``company_startup`` process
against its own outside system. ``options.py`` holds the choices of the form, ``service.py`` the
interface every branch uses, one module per branch, ``handlers.py`` registers them."""
