from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_PERMISSIONS = ["patrol_edits", "block_users", "manage_link_blocklist"]


def give_editors(apps, schema_editor):
    # As in 0003: permissions are normally created after all migrations run.
    app_config = apps.get_app_config("wiki")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editors")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="wiki", codename__in=EDITOR_PERMISSIONS
        )
    )


def take_back(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editors"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="wiki", codename__in=EDITOR_PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("wiki", "0012_remove_page_is_protected")]

    operations = [migrations.RunPython(give_editors, take_back)]
