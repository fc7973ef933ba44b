from django.db import migrations

KINDS = {"marathon": "stream", "day_of_action": "other"}


def kinds_forward(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    for old, new in KINDS.items():
        Action.objects.filter(kind=old).update(kind=new)


def kinds_backward(apps, schema_editor):
    Action = apps.get_model("actions", "Action")
    Action.objects.filter(kind="stream").update(kind="marathon")


class Migration(migrations.Migration):
    dependencies = [("actions", "0001_initial")]

    operations = [
        migrations.RenameModel("SolidarityAction", "Action"),
        migrations.RunPython(kinds_forward, kinds_backward),
    ]
