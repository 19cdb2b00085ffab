from pathlib import Path

from django.core.management.base import BaseCommand

from onestop.assistant import knowledge


class Command(BaseCommand):
    help = "Write the knowledge base (published items and FAQ entries) as JSONL for `make qa-eval`."

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)

    def handle(self, *args, path: Path, **options):
        docs = knowledge.documents()
        path.write_text(knowledge.to_jsonl(docs), encoding="utf-8")
        self.stdout.write(self.style.SUCCESS(f"{len(docs)} entries written to {path}."))
