from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onestop.catalog.services import export_catalog
from onestop.catalog.transfer import FORMATS


class Command(BaseCommand):
    help = "Export the whole catalogue (drafts included) as CSV, Excel (.xlsx) or JSON, chosen by the file's extension."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        fmt = path.suffix.lower().lstrip(".")
        if fmt not in FORMATS:
            raise CommandError(f"Unsupported file type '{path.suffix}': use .csv, .xlsx or .json")
        path.write_bytes(export_catalog(fmt))
        self.stdout.write(self.style.SUCCESS(f"Exported the catalogue to {path}."))
