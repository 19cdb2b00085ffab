"""Sends the notice deliveries that are due: retries whose back-off has passed and deliveries whose
sender was killed mid-send (their claim lapsed). ``--loop`` keeps sweeping (Procfile.dev)."""

import time

from django.core.management.base import BaseCommand

from onestop.notifications import delivery


class Command(BaseCommand):
    help = "发送到期的通知（重试与中断后的恢复）"

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="持续运行")
        parser.add_argument("--interval", type=float, default=15.0, help="两次扫描的间隔（秒）")

    def handle(self, *args, loop: bool, interval: float, **options):
        while True:
            outcomes = [delivery.deliver(pk) for pk in delivery.due()]
            sent = sum(1 for o in outcomes if o == "delivered")
            if outcomes or not loop:
                self.stdout.write(f"到期 {len(outcomes)} 条，送达 {sent} 条")
            if not loop:
                return
            time.sleep(interval)
