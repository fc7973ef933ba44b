"""Fill the dates from which prosecutions count of an existing install from its public record.

Calls the service with the current models: it reads only columns the registry has had since
before this migration (persons' publication and synthetic flag; charges', links to cases',
events' and verdicts' person, case and date; cases' publication and opening).
"""

from django.db import migrations


def fill(apps, schema_editor):
    from unheard.stats.services import prosecutions_counted_rebuild

    prosecutions_counted_rebuild()


class Migration(migrations.Migration):
    dependencies = [("stats", "0006_prosecution_counted")]

    operations = [migrations.RunPython(fill, migrations.RunPython.noop)]
