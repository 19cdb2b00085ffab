from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from onestop.catalog.transfer import ImportRejected
from onestop.halls import transfer


class Command(BaseCommand):
    help = "导入服务大厅（CSV 或 Excel .xlsx）：整份文件校验通过后才写入，错误逐行列出。"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, path, **options):
        file = Path(path)
        fmt = file.suffix.lower().lstrip(".")
        if fmt not in transfer.FORMATS:
            raise CommandError("仅支持 .csv、.xlsx 文件")
        try:
            content = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取 {path}：{exc.strerror}") from None
        try:
            result = transfer.import_halls(content, fmt)
        except ImportRejected as rejected:
            raise CommandError("文件未导入：\n" + "\n".join(str(e) for e in rejected.errors)) from None
        self.stdout.write(self.style.SUCCESS(f"新增 {result.created} 个大厅，更新 {result.updated} 个大厅。"))
