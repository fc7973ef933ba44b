"""Fill the periods of custody of an existing install from its public record.

Calls the service with the current models: it reads only columns the registry has had since
before this migration (persons' publication and synthetic flag, events' person, kind and date,
verdicts' person, case, punishment and date).
"""

from django.db import migrations


def fill(apps, schema_editor):
    from unheard.stats.services import custody_periods_rebuild

    custody_periods_rebuild()


class Migration(migrations.Migration):
    dependencies = [("stats", "0002_custody_period")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
