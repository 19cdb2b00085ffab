"""The task worker: hands out again what a killed worker left, then runs queued tasks, in a loop."""

import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from onestop.cases.tasks import recover_stalled


class Command(BaseCommand):
    help = "运行后台任务（秒批判定等），并恢复被中断的任务"

    def add_arguments(self, parser):
        parser.add_argument("--lease", type=float, default=settings.ONESTOP_TASK_LEASE_SECONDS,
                            help="任务运行超过该秒数仍未完成，视为执行者已中断，重新分派")
        parser.add_argument("--interval", type=float, default=0.5, help="队列为空时的轮询间隔（秒）")
        parser.add_argument("--once", action="store_true", help="处理完当前队列后退出")

    def handle(self, *args, lease, interval, once, **options):
        while True:
            recover_stalled(lease)
            call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
            if once:
                return
            time.sleep(interval)
