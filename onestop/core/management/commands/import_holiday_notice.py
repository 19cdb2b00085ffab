from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onestop.core.holiday_notice import NoticeRejected
from onestop.core.working_calendar import import_holiday_notice


class Command(BaseCommand):
    help = (
        "Import a year's State Council holiday notice from a text file, one line per range: "
        "开始日期,结束日期,名称,休|班 (see docs/architecture.md, 'Working days'). A file with any error imports nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("year", type=int)
        parser.add_argument("path", type=Path)
        parser.add_argument("--title", default="", help="the notice's title (default: 国务院办公厅关于<year>年部分节假日安排的通知)")
        parser.add_argument("--reference", default="", help="the notice's document number or URL, e.g. 国办发明电〔…〕…号")
        parser.add_argument("--replace", action="store_true", help="replace a year that is already complete")

    def handle(self, *args, year: int, path: Path, title: str, reference: str, replace: bool, **options):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from None
        try:
            summary = import_holiday_notice(year, text, title=title, reference=reference, replace=replace)
        except NoticeRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(rejected.errors)} errors.") from None
        self.stdout.write(
            self.style.SUCCESS(
                f"Imported {summary.year}: {summary.days} days, {summary.days_off} days off, "
                f"{summary.makeup_days} make-up working days{' (replaced the previous calendar)' if summary.replaced else ''}."
            )
        )
