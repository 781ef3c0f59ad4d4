import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season
from exchange.seasonfile import export_season
from tests.factories import make_user
from wiki.models import Page, Revision

pytestmark = pytest.mark.django_db


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Page, Revision, Episode, Person, CastCredit, CrewCredit)
    }


@pytest.fixture
def season_file(seeded, tmp_path):
    path = tmp_path / "season2.json"
    call_command("export_season", "jessica-jones-season-2", output=str(path))
    return path


def test_an_export_holds_the_season_its_credits_characters_and_people(seeded):
    data = export_season(Season.objects.get(number=2))

    assert data["format"] == "fanwiki-season/1"
    assert data["series"] == "Marvel's Jessica Jones"
    assert len(data["episodes"]) == 13
    first = data["episodes"][0]
    assert first["title"] == "AKA Start at the Beginning"
    assert first["directors"] == ["Anna Foerster"]
    # Her role is a reveal of S2E6: the file says so, for an import to keep.
    mother = {"person": "Janet McTeer", "character": "Alisa Jones", "order": 7,
              "page": "Alisa Jones", "revealed_in": "S2E6"}  # fmt: skip
    assert mother in data["main_cast"]
    assert "Alisa Jones" in {c["name"] for c in data["characters"]}
    assert "Anna Foerster" in {p["name"] for p in data["people"]}
    json.dumps(data)  # plain JSON all the way down


def test_importing_an_export_again_changes_nothing(season_file, capsys):
    before = _counts()

    call_command("import_season", str(season_file))

    assert _counts() == before
    assert "Nothing to change" in capsys.readouterr().out


def test_an_import_creates_and_changes_and_reports_both(season_file, capsys):
    data = json.loads(season_file.read_text())
    data["episodes"][0]["runtime"] = 58
    data["episodes"].append(
        {"number_in_season": 14, "number_overall": 40, "title": "AKA Extra",
         "directors": ["Someone New"], "writers": []}
    )  # fmt: skip
    season_file.write_text(json.dumps(data))

    call_command("import_season", str(season_file))

    out = capsys.readouterr().out
    assert "created 1 episodes" in out.lower() and "changed 1 episodes" in out
    assert Episode.objects.get(slug="aka-start-at-the-beginning").runtime == 58
    extra = Episode.objects.get(title="AKA Extra")
    assert extra.current_revision.summary == "Imported from a season file"
    assert extra.crew_credits.get().person.title == "Someone New"

    call_command("import_season", str(season_file))
    assert "Nothing to change" in capsys.readouterr().out


def _broken(data, path, change):
    change(data)
    path.write_text(json.dumps(data))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.pop("episodes"), "missing field 'episodes'"),
        (lambda d: d["episodes"][5].update(title=""), "episodes[5].title: empty"),
        (lambda d: d["episodes"][2].update(runtime="long"), "episodes[2].runtime"),
        (lambda d: d["episodes"][3].update(release_date="soon"), "not a date"),
        (lambda d: d["episodes"][4].update(number_in_season=1), "repeated"),
        (lambda d: d["main_cast"][0].pop("person"), "main_cast[0]: missing field"),
        (
            lambda d: d["episodes"][0]["cast"].append(
                {"person": "X", "character": "Y", "billing": "star"}
            ),
            "billing",
        ),  # fmt: skip
        (lambda d: d["characters"][0].update(status="S0E1: undead"), "status: Line 1"),
        (lambda d: d.update(series="Daredevil"), "no series is called"),
        (lambda d: d.update(season=0), "season: must be 1 or more"),
    ],
)
def test_a_malformed_file_is_refused_and_nothing_changes(season_file, change, message):
    data = json.loads(season_file.read_text())
    data["episodes"][0]["runtime"] = 99  # a valid change that must not land
    data["episodes"][0]["cast"] = []
    _broken(data, season_file, change)
    before = _counts()

    with pytest.raises(CommandError) as error:
        call_command("import_season", str(season_file))

    assert message in str(error.value)
    assert "nothing was changed" in str(error.value)
    assert _counts() == before
    assert Episode.objects.get(slug="aka-start-at-the-beginning").runtime is None


def test_a_file_that_is_not_json_names_the_line(season_file):
    season_file.write_text('{\n  "season": 2,\n  "episodes": [\n}')

    with pytest.raises(CommandError, match=r"not valid JSON \(line 4"):
        call_command("import_season", str(season_file))


def test_a_failure_while_writing_rolls_everything_back(season_file, monkeypatch):
    from exchange import seasonfile

    data = json.loads(season_file.read_text())
    data["episodes"][0]["runtime"] = 61
    season_file.write_text(json.dumps(data))
    before = _counts()

    def broken(self, season, record):
        raise RuntimeError("disk full")

    monkeypatch.setattr(seasonfile.SeasonImporter, "load_episode", broken)
    with pytest.raises(RuntimeError):
        call_command("import_season", str(season_file))

    assert _counts() == before
    assert Episode.objects.get(slug="aka-start-at-the-beginning").runtime is None


def test_the_seasons_admin_offers_the_exchange_tools(admin_client, seeded):
    changelist = admin_client.get("/admin/episodes/season/").text

    assert '<a href="/admin/episodes/season/import/">Import a season file</a>' in (
        changelist
    )
    assert '<option value="export_json">Export the selected season' in changelist
    form = admin_client.get("/admin/episodes/season/import/").text
    assert 'type="file"' in form and "Import a season file" in form


def test_importing_needs_the_right_to_add_and_change_seasons(client, seeded):
    staff = make_user(username="clerk", role=None)
    staff.is_staff = True
    staff.save()
    client.force_login(staff)

    assert client.get("/admin/episodes/season/import/").status_code == 403


def test_the_admin_exports_and_imports_a_season(admin_client, seeded):
    season = Season.objects.get(number=3)
    exported = admin_client.post(
        "/admin/episodes/season/",
        {"action": "export_json", "_selected_action": [season.pk]},
    )
    assert exported["Content-Disposition"] == (
        'attachment; filename="jessica-jones-season-3.json"'
    )
    data = json.loads(exported.content)
    data["episodes"][2]["runtime"] = 50

    upload = SimpleUploadedFile("s3.json", json.dumps(data).encode())
    response = admin_client.post("/admin/episodes/season/import/", {"file": upload})

    assert response.status_code == 302
    assert Episode.objects.get(season__number=3, number=3).runtime == 50


def test_the_admin_refuses_a_broken_file_with_the_reason(admin_client, seeded):
    upload = SimpleUploadedFile("bad.json", b'{"season": 1}')
    before = _counts()

    response = admin_client.post("/admin/episodes/season/import/", {"file": upload})

    assert response.status_code == 200
    assert "Refused, nothing was changed" in response.text
    assert "missing field" in response.text
    assert _counts() == before


def test_an_import_refuses_a_number_another_episode_has(season_file):
    data = json.loads(season_file.read_text())
    data["episodes"].append(
        {"number_in_season": 14, "number_overall": 27, "title": "AKA Clash"}
    )
    season_file.write_text(json.dumps(data))
    before = _counts()

    with pytest.raises(CommandError, match="Another episode of the series has this"):
        call_command("import_season", str(season_file))

    assert _counts() == before


def test_an_imported_page_never_takes_another_pages_address(season_file):
    data = json.loads(season_file.read_text())
    data["episodes"].append(
        {"number_in_season": 14, "number_overall": 40, "title": "Kilgrave",
         "slug": "kilgrave"}
    )  # fmt: skip
    season_file.write_text(json.dumps(data))

    call_command("import_season", str(season_file))

    assert Episode.objects.get(title="Kilgrave").slug == "kilgrave-s2"
    assert Page.objects.get(slug="kilgrave").kind == "character"


def test_fields_a_file_leaves_out_are_kept(seeded, tmp_path):
    episode = Episode.objects.get(season__number=2, number=6)
    assert episode.credits_note
    path = tmp_path / "bare.json"
    path.write_text(json.dumps({
        "series": "Marvel's Jessica Jones", "season": 2, "main_cast": [],
        "recurring_cast": [],
        "episodes": [{"number_in_season": 6, "number_overall": 19,
                      "title": "AKA Facetime"}],
    }))  # fmt: skip

    call_command("import_season", str(path))

    episode.refresh_from_db()
    assert episode.credits_note and episode.synopsis
    assert Season.objects.get(number=2).title == "Jessica Jones season 2"


def _racing_edit(monkeypatch, **changes):
    """An edit on the site saved after the importer read the page it is about
    to change, and before it writes: the moment an import can be raced."""
    from exchange import seasonfile
    from wiki import services

    raced = []

    def edit_first(*, page, **kwargs):
        if not raced:
            raced.append(page.title)
            services.revise_page(
                page=page,
                author=make_user(username="jess"),
                changes=changes,
                base_revision=None,
            )
        return services.revise_page(page=page, **kwargs)

    monkeypatch.setattr(seasonfile, "revise_page", edit_first)
    return raced


def _upload(data):
    return SimpleUploadedFile("s2.json", json.dumps(data).encode())


def test_an_import_keeps_an_edit_saved_after_it_read_the_page(
    admin_client, season_file, monkeypatch
):
    data = json.loads(season_file.read_text())
    data["episodes"][0]["runtime"] = 61
    raced = _racing_edit(monkeypatch, body="Written on the site meanwhile.")

    response = admin_client.post(
        "/admin/episodes/season/import/", {"file": _upload(data)}
    )

    assert response.status_code == 302
    episode = Episode.objects.get(slug="aka-start-at-the-beginning")
    assert raced == [episode.title]
    assert episode.runtime == 61
    assert episode.body == "Written on the site meanwhile."
    assert episode.current_revision.summary == "Updated from a season file"
    assert episode.current_revision.data["body"] == "Written on the site meanwhile."


def test_an_import_over_the_same_field_edited_meanwhile_is_refused(
    admin_client, season_file, monkeypatch
):
    data = json.loads(season_file.read_text())
    data["episodes"][0]["synopsis"] = "The file's synopsis."
    data["episodes"][1]["runtime"] = 49
    _racing_edit(monkeypatch, synopsis="The site's synopsis.")

    response = admin_client.post(
        "/admin/episodes/season/import/", {"file": _upload(data)}
    )

    assert response.status_code == 200
    assert "Refused, nothing was changed" in response.text
    assert "AKA Start at the Beginning was edited while the file was being " in (
        response.text
    )
    assert "Synopsis (by jess, " in response.text
    # Nothing of the file was written. (The racing edit, made inside the
    # import's transaction here, went with it; on the site it commits alone.)
    first, second = Episode.objects.filter(season__number=2).order_by("number")[:2]
    assert first.synopsis != "The file's synopsis."
    assert second.runtime != 49


def test_the_import_command_refuses_a_file_raced_on_the_same_field(
    season_file, monkeypatch
):
    data = json.loads(season_file.read_text())
    data["episodes"][0]["synopsis"] = "The file's synopsis."
    season_file.write_text(json.dumps(data))
    _racing_edit(monkeypatch, synopsis="The site's synopsis.")

    with pytest.raises(CommandError, match="edited while the file was being"):
        call_command("import_season", str(season_file))
