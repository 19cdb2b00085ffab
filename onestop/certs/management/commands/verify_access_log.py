from django.core.management.base import BaseCommand, CommandError

from onestop.certs.audit import verify_chain


class Command(BaseCommand):
    help = "Verify the SM3 hash chain of the certificate access log end to end; name the first bad record."

    def handle(self, *args, **options):
        report = verify_chain()
        if not report.intact:
            raise CommandError(f"Access log broken at record {report.first_bad_sequence}: {report.reason} ({report.checked} records checked before it).")
        self.stdout.write(self.style.SUCCESS(f"Access log intact: {report.checked} records."))
