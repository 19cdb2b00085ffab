"""Registers a kiosk (or updates it) and prints a one-time enrolment link for its browser, for
installers without the admin site at hand. The link is valid 30 minutes and can be used once."""

from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from onestop.catalog.models import Hall
from onestop.kiosk import devices
from onestop.kiosk.models import Kiosk


class Command(BaseCommand):
    help = "Creates or updates a kiosk and prints a one-time enrolment link for its browser."

    def add_arguments(self, parser):
        parser.add_argument("code", help="terminal code, e.g. DM-K01")
        parser.add_argument("--hall", required=True, help="hall code (catalog), e.g. H440403000")
        parser.add_argument("--location", default="", help="where in the hall, e.g. 一楼大厅东侧")
        parser.add_argument("--base-url", default="", help="the site's address, printed before the path")
        parser.add_argument("--idle-prompt", type=int, help="seconds without a touch before 继续办理?")
        parser.add_argument("--countdown", type=int, help="seconds the 继续办理? prompt counts down")

    def handle(self, *args, code, hall, location, base_url, idle_prompt, countdown, **options):
        hall_row = Hall.objects.filter(code=hall).first()
        if hall_row is None:
            raise CommandError(f"no hall with code {hall}")
        kiosk, _ = Kiosk.objects.update_or_create(code=code, defaults={"hall": hall_row, "location": location})
        if idle_prompt is not None or countdown is not None:
            kiosk.idle_prompt_seconds = idle_prompt if idle_prompt is not None else kiosk.idle_prompt_seconds
            kiosk.countdown_seconds = countdown if countdown is not None else kiosk.countdown_seconds
            if kiosk.idle_prompt_seconds < 1 or kiosk.countdown_seconds < 1:
                raise CommandError("idle and countdown seconds must be at least 1")
            kiosk.save(update_fields=["idle_prompt_seconds", "countdown_seconds"])
        link = base_url.rstrip("/") + reverse("kiosk:enrol", args=[devices.issue_enrolment_code(kiosk)])
        self.stdout.write(link)
