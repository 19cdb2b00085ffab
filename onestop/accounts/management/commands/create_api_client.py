from django.core.management.base import BaseCommand, CommandError

from onestop.accounts.api_auth import create_api_client
from onestop.catalog.models import Department


class Command(BaseCommand):
    help = "Create an API key for a department system (shown once; only its hash is stored)."

    def add_arguments(self, parser):
        parser.add_argument("department_code", help="e.g. D009")
        parser.add_argument("name", help="the system's name, e.g. 公安人口系统")

    def handle(self, *args, department_code: str, name: str, **options):
        department = Department.objects.filter(code=department_code).first()
        if department is None:
            raise CommandError(f"No department with code {department_code}")
        client, key = create_api_client(department, name)
        self.stdout.write(f"API client {client.pk} for {department.name}: {key}")
        self.stdout.write("Send it as 'Authorization: Bearer <key>'. It is not shown again.")
