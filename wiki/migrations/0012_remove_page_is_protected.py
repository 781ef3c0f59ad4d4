from django.db import migrations


class Migration(migrations.Migration):
    # Apart from 0011, whose data migration PostgreSQL must commit before the
    # table is altered again.
    dependencies = [("wiki", "0011_moderation")]

    operations = [migrations.RemoveField(model_name="page", name="is_protected")]
