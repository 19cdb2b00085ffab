import time

from django.core.management.base import BaseCommand

from onestop.assistant import index_store


class Command(BaseCommand):
    help = "Bring the stored Q&A index up to date: encodes only new or changed entries (by content hash)."

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done, total):
            if options["verbosity"] > 1 or done == total:
                self.stdout.write(f"  encoded {done}/{total}")

        result = index_store.sync(progress=progress)
        self.stdout.write(self.style.SUCCESS(
            f"Q&A index version {result.version}: {result.documents} entries, {result.encoded} encoded, "
            f"{result.deleted} removed in {time.perf_counter() - started:.1f} s."
        ))
