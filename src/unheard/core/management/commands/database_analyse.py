from django.core.management.base import BaseCommand
from django.db import connection


class Command(BaseCommand):
    help = (
        "Refresh SQLite's table statistics (ANALYZE), which its query planner needs to pick good"
        " plans as the registry grows, then let SQLite apply its own upkeep (PRAGMA optimize, as"
        " its documentation advises for long-lived databases); run daily. PostgreSQL's"
        " autovacuum does this by itself."
    )

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            self.stdout.write(f"Nothing to do on {connection.vendor}: it keeps its own statistics.")
            return
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
            cursor.execute("PRAGMA optimize")
        self.stdout.write("SQLite's table statistics refreshed and PRAGMA optimize run.")
