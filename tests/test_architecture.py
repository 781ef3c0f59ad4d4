"""The app map of the README holds: dependencies point one way (the core
imports no app, an app only those below it) and no app has an import cycle,
counting imports inside functions. The contracts are in pyproject.toml."""

from pathlib import Path

from django.apps import apps
from importlinter.api import read_configuration
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]
CONFIG = str(ROOT / "pyproject.toml")


def test_imports_keep_to_the_app_map(capsys):
    outcome = lint_imports(config_filename=CONFIG, no_cache=True, no_logo=True)

    assert outcome == 0, capsys.readouterr().out


def test_every_app_of_the_project_is_on_the_map():
    session = read_configuration(CONFIG)["session_options"]
    mapped = set(session["root_packages"])
    ours = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == ROOT
    }

    assert ours <= mapped
    assert {"api", "bench"} <= mapped  # code of ours that is no installed app
