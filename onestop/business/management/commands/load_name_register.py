import time

from django.core.management.base import BaseCommand

from onestop.business.register_load import load_register


class Command(BaseCommand):
    help = "Loads the name register: demo companies and generated names (COPY on PostgreSQL)."

    def add_arguments(self, parser):
        parser.add_argument("--count", type=int, default=1_000_000,
                            help="generated names (default 1,000,000)")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("--replace", action="store_true",
                            help="first remove the names no reservation holds")

    def handle(self, count, seed, replace, **options):
        started = time.perf_counter()
        written = load_register(count, seed, replace)
        took = time.perf_counter() - started
        self.stdout.write(f"Name register: {written:,} names loaded in {took:.1f} s.")
