from django.contrib.auth.management import create_permissions
from django.db import migrations

RIGHT = "hide_comments"
ROLES = ["Editors"]


def give_right(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # historical app config lacks the flag that create_permissions() checks.
    app_config = apps.get_app_config("talk")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    right = Permission.objects.get(content_type__app_label="talk", codename=RIGHT)
    for name in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(right)


def take_right(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for right in Permission.objects.filter(
        content_type__app_label="talk", codename=RIGHT
    ):
        right.group_set.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("talk", "0001_discussions"),
        ("wiki", "0003_roles"),
    ]

    operations = [migrations.RunPython(give_right, take_right)]
