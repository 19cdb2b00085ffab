from django.core.management.base import BaseCommand

from onestop.catalog.demo.loader import load_demo_catalog
from onestop.catalog.models import ServiceItem


class Command(BaseCommand):
    help = "Load the Doumen demo data (idempotent: skipped when the catalogue already has items)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload even when items exist")
        parser.add_argument("--limit", type=int, default=None, help="load at most this many items (for tests)")

    def handle(self, *args, force=False, limit=None, **options):
        if ServiceItem.objects.exists() and not force:
            self.stdout.write("Demo catalogue already loaded; use --force to reload.")
            return
        created, updated = load_demo_catalog(limit)
        self.stdout.write(self.style.SUCCESS(f"Demo catalogue: {created} items created, {updated} updated."))
