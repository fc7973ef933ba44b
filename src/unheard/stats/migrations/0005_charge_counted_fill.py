"""Fill the dates from which charges count of an existing install from its public record.

Calls the service with the current models: it reads only columns the registry has had since
before this migration (persons' publication and synthetic flag; charges', links to cases',
events' and verdicts' person, case and date; cases' publication and opening).
"""

from django.db import migrations


def fill(apps, schema_editor):
    from unheard.stats.services import charges_counted_rebuild

    charges_counted_rebuild()


class Migration(migrations.Migration):
    dependencies = [("stats", "0004_charge_counted")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
