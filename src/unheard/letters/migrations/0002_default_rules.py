"""The global letter rules, in the project's own words, in all four languages. Staff edit them in
the back office; a facility's own rules replace them for that facility."""

from django.db import migrations

from unheard.letters.default_rules import RULES



def create_global_rules(apps, schema_editor):
    LetterRules = apps.get_model("letters", "LetterRules")
    if LetterRules.objects.filter(facility__isnull=True).exists():
        return
    values = {f"text_{code}": text for code, text in RULES.items()}
    LetterRules.objects.create(facility=None, text=RULES["en"], **values)


class Migration(migrations.Migration):
    dependencies = [("letters", "0001_initial")]

    operations = [migrations.RunPython(create_global_rules, migrations.RunPython.noop)]
