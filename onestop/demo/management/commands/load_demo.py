from django.conf import settings
from django.core.management.base import BaseCommand

from onestop.accounts.demo import loader as accounts_demo
from onestop.appointments.demo import load_demo_windows
from onestop.bundles.demo import load_demo_bundles
from onestop.business.models import RegisteredName
from onestop.business.register_load import load_register
from onestop.business.startup import process as startup_process
from onestop.catalog.demo.forms_loader import load_demo_forms
from onestop.catalog.demo.loader import load_demo_catalog
from onestop.catalog.models import ServiceItem
from onestop.certs.demo import loader as certs_demo
from onestop.complaints.demo import load_demo_reports
from onestop.exchange.registry import sync_sources
from onestop.news.demo.loader import load_demo_news
from onestop.rules.demo.loader import load_demo_rule_sets


class Command(BaseCommand):
    help = "Load the Doumen demo data: catalogue, people, companies, staff, certificates (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="reload the catalogue even when items exist")
        parser.add_argument("--limit", type=int, default=None, help="load at most this many items (for tests)")

    def handle(self, *args, force=False, limit=None, **options):
        if ServiceItem.objects.exists() and not force:
            self.stdout.write("Demo catalogue already loaded; use --force to reload.")
        else:
            created, updated = load_demo_catalog(limit, before_items=certs_demo.load_certificate_types)
            self.stdout.write(self.style.SUCCESS(f"Demo catalogue: {created} items created, {updated} updated."))
        forms = load_demo_forms()
        sources = sync_sources()
        rule_sets = load_demo_rule_sets()
        self.stdout.write(f"Processes: {startup_process.publish()}.")
        bundles = load_demo_bundles()
        self.stdout.write(self.style.SUCCESS(f"Application forms: {forms}, data sources: {sources}, new rule sets: {rule_sets}, "
                                             f"一件事: {bundles}."))
        register = accounts_demo.load_people()
        companies = accounts_demo.load_companies()
        staff = accounts_demo.load_staff()
        certificates = certs_demo.load_demo_certificates(register)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo people: {len(register)}, companies: {companies}, staff accounts: {staff}, new certificates: {certificates}."
            )
        )
        self.stdout.write(self.style.SUCCESS(f"Service windows: {load_demo_windows()} new."))
        if not RegisteredName.objects.exists():
            names = load_register(settings.ONESTOP_DEMO_REGISTER_NAMES)
            self.stdout.write(self.style.SUCCESS(f"Enterprise name register: {names} names."))
        self.stdout.write(self.style.SUCCESS(f"咨询投诉: taxonomy and {load_demo_reports()} new demo reports."))
        self.stdout.write(self.style.SUCCESS(f"政务公开: {load_demo_news()} new demo articles."))
