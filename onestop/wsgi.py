import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "onestop.settings")
application = get_wsgi_application()

# Load the word-segmentation dictionary at start-up, not on the first search request.
from onestop.catalog.search import warm_up  # noqa: E402

warm_up()
