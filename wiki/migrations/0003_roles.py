from django.contrib.auth.management import create_permissions
from django.db import migrations

CONTRIBUTOR_PERMISSIONS = ["edit_pages", "create_articles"]
EDITOR_PERMISSIONS = [
    *CONTRIBUTOR_PERMISSIONS,
    "edit_protected_pages",
    "protect_pages",
    "rollback_edits",
]
ROLES = {"Contributors": CONTRIBUTOR_PERMISSIONS, "Editors": EDITOR_PERMISSIONS}


def create_roles(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # historical app config lacks the flag that create_permissions() checks.
    app_config = apps.get_app_config("wiki")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in ROLES.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(
                content_type__app_label="wiki", codename__in=codenames
            )
        )


def remove_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLES).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wiki", "0002_revisions_redirects_links"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_roles, remove_roles)]
