from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onestop.catalog.services import import_catalog
from onestop.catalog.transfer import FORMATS, ImportRejected


class Command(BaseCommand):
    help = "Import service items from a CSV, Excel (.xlsx) or JSON file; a file with any bad row imports nothing."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"Unsupported file type '{path.suffix}': use .csv, .xlsx or .json")
        try:
            created, updated = import_catalog(path.read_bytes(), fmt)
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(rejected.errors)} errors.") from None
        self.stdout.write(self.style.SUCCESS(f"Imported: {created} created, {updated} updated."))
