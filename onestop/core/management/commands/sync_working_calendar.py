from django.core.management.base import BaseCommand
from django.utils import timezone

from onestop.core.holiday_notice import LIBRARY_VERSION, library_years
from onestop.core.workdays import calendar_warnings
from onestop.core.working_calendar import seed_from_library


class Command(BaseCommand):
    help = (
        "Fill the working calendar with every year the installed chinese-calendar knows and the table does not "
        "hold complete (idempotent; never overwrites an imported State Council notice)."
    )

    def handle(self, *args, **options):
        years = seed_from_library()
        known = library_years()
        if years:
            self.stdout.write(self.style.SUCCESS(f"Working calendar: added {', '.join(map(str, years))} from chinese-calendar {LIBRARY_VERSION}."))
        else:
            self.stdout.write(f"Working calendar: {known.start}–{known.stop - 1} from chinese-calendar {LIBRARY_VERSION} already present.")
        for warning in calendar_warnings(timezone.localdate()):
            self.stderr.write(self.style.WARNING(f"Warning: {warning} — import the State Council notice (import_holiday_notice)."))
