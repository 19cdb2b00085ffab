from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onestop.core.holiday_notice import format_notice
from onestop.core.working_calendar import notice_entries_from_table


class Command(BaseCommand):
    help = "Write a year of the working calendar in the holiday-notice import format (to stdout or --output)."

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("--output", type=Path, default=None)
        parser.add_argument("--comment", default="", help="comment lines written first (prefixed with #)")

    def handle(self, *args, year: int, output: Path | None, comment: str, **options):
        entries = notice_entries_from_table(year)
        if not entries:
            raise CommandError(f"The working calendar has no holidays for {year}.")
        text = format_notice(year, entries, comment)
        if output is None:
            self.stdout.write(text, ending="")
        else:
            output.write_text(text, encoding="utf-8")
            self.stdout.write(self.style.SUCCESS(f"Wrote {len(entries)} lines to {output}."))
