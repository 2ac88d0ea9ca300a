"""The words examples are found by changed (compounds split by word frequency, decision 0019):
every example is indexed again the next time someone searches (search.refresh)."""

from django.db import migrations


def forget_indexes(apps, schema_editor):
    apps.get_model("examples", "IndexedExample").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("examples", "0001_initial")]
    operations = [migrations.RunPython(forget_indexes, migrations.RunPython.noop)]
