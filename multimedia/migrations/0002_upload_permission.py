from django.contrib.auth.management import create_permissions
from django.db import migrations

ROLES = ["Contributors", "Editors"]


def allow_uploads(apps, schema_editor):
    # Permissions are normally created after all migrations have run.
    app_config = apps.get_app_config("multimedia")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    upload = Permission.objects.get(
        content_type__app_label="multimedia", codename="add_image"
    )
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(upload)


def forbid_uploads(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for permission in Permission.objects.filter(
        content_type__app_label="multimedia", codename="add_image"
    ):
        permission.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("multimedia", "0001_initial"),
        ("wiki", "0003_roles"),
    ]

    operations = [migrations.RunPython(allow_uploads, forbid_uploads)]
