"""The process-engine worker: claims due steps, runs them, and takes over steps whose lease expired."""

import time

from django.core.management.base import BaseCommand

from onestop.processes.worker import new_worker_id, run_batch


class Command(BaseCommand):
    help = "运行流程步骤（并行分支、重试），接手租约已到期的步骤"

    def add_arguments(self, parser):
        parser.add_argument("--batch", type=int, default=1,
                            help="每次认领的步骤数（逐个执行，后面的步骤租约照常计时；外部调用多时宜为 1）")
        parser.add_argument("--interval", type=float, default=0.5, help="无待执行步骤时的轮询间隔（秒）")
        parser.add_argument("--once", action="store_true", help="执行完当前到期的步骤后退出")

    def handle(self, *args, batch, interval, once, **options):
        worker = new_worker_id()
        while True:
            ran = run_batch(worker, batch)
            if once and not ran:
                return
            if not ran:
                time.sleep(interval)
