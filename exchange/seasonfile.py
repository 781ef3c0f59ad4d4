"""
A season as one JSON file: its episodes, credits, characters and people.

`export_season` writes the format and `import_season` reads it back; the seed
files use the same format. An import checks the whole file before writing,
runs in one transaction, and is idempotent: it reports what it created and
changed, and a second run changes nothing.
"""

from collections import Counter
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from exchange.checks import FileError, as_list, check, date_field, field, names
from wiki import categories
from wiki.models import Page
from wiki.services import record_revision
from wiki.storytime import validate_timeline

FORMAT = "fanwiki-season/1"
BILLINGS = {label.lower(): value for value, label in CastCredit.Billing.choices}
GUEST = "(guest)"


def _check_cast(entries, where, *, billing=False):
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        check(entry, dict, at)
        field(entry, "person", str, at)
        field(entry, "character", str, at)
        field(entry, "page", str, at, optional=True)
        if (field(entry, "order", int, at, optional=True) or 0) < 0:
            raise FileError(f"{at}.order: must be 0 or more")
        if billing and field(entry, "billing", str, at) not in BILLINGS:
            raise FileError(f"{at}.billing: one of {', '.join(BILLINGS)} expected")


def check_season(data, name) -> None:
    """Check a whole season file; raise FileError naming the field at fault."""
    check(data, dict, name)
    if field(data, "season", int, name) < 1:
        raise FileError(f"{name}.season: must be 1 or more")
    field(data, "series", str, name, optional=True)
    field(data, "title", str, name, optional=True)
    date_field(data, "release_date", name)
    names(data, "showrunner", name)
    names(data, "executive_producers", name)
    names(data, "sources", name)
    for key in ("main_cast", "recurring_cast"):
        _check_cast(field(data, key, list, name), f"{name}: {key}")
    seen = set()
    for index, episode in enumerate(field(data, "episodes", list, name)):
        where = f"{name}: episodes[{index}]"
        check(episode, dict, where)
        number = field(episode, "number_in_season", int, where)
        if number in seen or number < 1:
            raise FileError(f"{where}.number_in_season: {number} is repeated or < 1")
        seen.add(number)
        if field(episode, "number_overall", int, where) < number:
            raise FileError(f"{where}.number_overall: less than number_in_season")
        if not field(episode, "title", str, where).strip():
            raise FileError(f"{where}.title: empty")
        date_field(episode, "release_date", where)
        runtime = field(episode, "runtime", int, where, optional=True)
        if runtime is not None and runtime < 1:
            raise FileError(f"{where}.runtime: must be 1 or more")
        for key in ("synopsis", "credits_note", "slug"):
            field(episode, key, str, where, optional=True)
        for key in ("directors", "writers", "sources"):
            names(episode, key, where)
        _check_cast(field(episode, "cast", list, where, optional=True) or [],
                    f"{where}.cast", billing=True)  # fmt: skip
    for index, person in enumerate(
        field(data, "people", list, name, optional=True) or []
    ):
        where = f"{name}: people[{index}]"
        check(person, dict, where)
        field(person, "name", str, where)
        field(person, "short_bio", str, where, optional=True)
    for index, character in enumerate(
        field(data, "characters", list, name, optional=True) or []
    ):
        where = f"{name}: characters[{index}]"
        check(character, dict, where)
        if not field(character, "name", str, where).strip():
            raise FileError(f"{where}.name: empty")
        field(character, "biography", str, where, optional=True)
        # Facts over story time: lines, each maybe tagged `S1E13: …`.
        for key in ("description", "status", "aliases", "affiliations"):
            try:
                validate_timeline("\n".join(names(character, key, where)))
            except ValidationError as error:
                raise FileError(f"{where}.{key}: {error.messages[0]}") from None


class SeasonImporter:
    """Writes checked season data. With `update`, existing records take the
    file's values; without, only what is missing is created (the seed)."""

    def __init__(self, *, series, update, author=None, character_names=None,
                 created=None):  # fmt: skip
        self.series = series
        self.update = update
        self.author = author
        self.character_names = character_names or {}
        self.created = created if created is not None else Counter()
        self.changed = Counter()
        self.people: dict[str, Person] = {}
        self.touched_people: set[int] = set()

    def upsert(self, model, label, lookup, values, create_only=None):
        """Create the record or, when updating, bring its fields in line.
        `create_only` holds defaults for a new record only (its slug…)."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup | (create_only or {}) | values)
            obj.full_clean()
            obj.save()
            self.created[label] += 1
            if hasattr(obj, "kind"):
                record_revision(
                    page=obj, author=self.author, summary="Imported from a season file"
                )
            return obj
        changed = self.update and any(getattr(obj, k) != v for k, v in values.items())
        if changed:
            for key, value in values.items():
                setattr(obj, key, value)
            obj.full_clean()
            obj.save()
            self.changed[label] += 1
            if hasattr(obj, "kind"):
                record_revision(
                    page=obj, author=self.author, summary="Updated from a season file"
                )
        return obj

    def person(self, name, short_bio=None):
        if name not in self.people:
            values = {"title": name} | ({"short_bio": short_bio} if short_bio else {})
            self.people[name] = self.upsert(Person, "people", {"slug": slugify(name)},
                                            values)  # fmt: skip
        return self.people[name]

    def character_for(self, role, page=None):
        """The character page a role belongs to: the one named, or by role."""
        name = page or self.character_names.get(role, role)
        return Character.objects.filter(title=name).first()

    def crew(self, name, job, order, **scope):
        person = self.person(name)
        self.touched_people.add(person.pk)
        self.upsert(CrewCredit, "crew credits", {"person": person, "job": job, **scope},
                    {"order": order})  # fmt: skip

    def cast(self, name, role, billing, order, page=None, **scope):
        person = self.person(name)
        self.touched_people.add(person.pk)
        self.upsert(
            CastCredit,
            "cast credits",
            {"person": person, "role": role, **scope},
            {"character": self.character_for(role, page), "billing": BILLINGS[billing],
             "order": order},
        )  # fmt: skip

    def load(self, data) -> Season:
        for record in data.get("people") or []:
            self.person(record["name"], record.get("short_bio"))
        for record in data.get("characters") or []:
            given = {"body": record.get("biography")} | {
                key: "\n".join(as_list(record[key])) if key in record else None
                for key in ("description", "status", "aliases", "affiliations")
            }
            self.upsert(
                Character,
                "characters",
                {"slug": slugify(record["name"])},
                {"title": record["name"]}
                | {key: value for key, value in given.items() if value is not None},
                create_only={"series": self.series},
            )
        number = data["season"]
        title = data.get("title") or f"{self.series.title} season {number}"
        season = self.upsert(
            Season,
            "seasons",
            {"series": self.series, "number": number},
            _present(data, {
                "title": lambda: data["title"],
                "release_date": lambda: _date(data["release_date"]),
                "sources": lambda: "\n".join(as_list(data["sources"])),
            }),
            create_only={"title": title, "slug": data.get("slug") or slugify(title)},
        )  # fmt: skip
        for order, name in enumerate(as_list(data.get("showrunner"))):
            self.crew(name, CrewCredit.Job.SHOWRUNNER, order, season=season)
        for order, name in enumerate(as_list(data.get("executive_producers"))):
            self.crew(
                name, CrewCredit.Job.EXECUTIVE_PRODUCER, order, series=self.series
            )
        for index, entry in enumerate(data["main_cast"]):
            role, page, order = (
                entry["character"],
                entry.get("page"),
                entry.get("order", index),
            )
            self.cast(entry["person"], role, "main", order, page, season=season)
        for index, entry in enumerate(data["recurring_cast"]):
            role, page, order = (
                entry["character"],
                entry.get("page"),
                entry.get("order", index),
            )
            billing = "guest" if role.endswith(GUEST) else "recurring"
            role = role.removesuffix(GUEST).strip()
            self.cast(entry["person"], role, billing, order, page, season=season)
        for record in data["episodes"]:
            self.load_episode(season, record)
        return season

    def refresh_people(self):
        """Cast and Crew categories follow the credits: update them once, at
        the end, for everyone whose credits were touched."""
        for person in Person.objects.filter(pk__in=self.touched_people):
            categories.refresh(person)

    @staticmethod
    def free_slug(slug, fallback):
        return fallback if Page.objects.filter(slug=slug).exists() else slug

    def load_episode(self, season, record):
        number = record["number_in_season"]
        slug = record.get("slug") or slugify(record["title"])
        values = {
            "title": record["title"],
            "number_overall": record["number_overall"],
        } | _present(record, {
            "release_date": lambda: _date(record["release_date"]),
            "runtime": lambda: record["runtime"],
            "synopsis": lambda: record["synopsis"] or "",
            "credits_note": lambda: record["credits_note"] or "",
            "sources": lambda: "\n".join(as_list(record["sources"])),
        })  # fmt: skip
        episode = self.upsert(
            Episode,
            "episodes",
            {"season": season, "number": number},
            values,
            create_only={"slug": self.free_slug(slug, f"{slug}-s{season.number}")},
        )
        for order, name in enumerate(as_list(record.get("directors"))):
            self.crew(name, CrewCredit.Job.DIRECTOR, order, episode=episode)
        for order, name in enumerate(as_list(record.get("writers"))):
            self.crew(name, CrewCredit.Job.WRITER, order, episode=episode)
        for index, entry in enumerate(record.get("cast") or []):
            self.cast(entry["person"], entry["character"], entry["billing"],
                      entry.get("order", index), entry.get("page"),
                      episode=episode)  # fmt: skip


def _present(record, fields):
    """The fields the record has, so that an import never blanks what a file
    leaves out."""
    return {name: value() for name, value in fields.items() if name in record}


def _date(value):
    return date.fromisoformat(value) if value else None


def find_series(data, series=None) -> Series:
    if series is not None:
        return series
    name = data.get("series") if isinstance(data, dict) else None
    found = (
        Series.objects.filter(title=name).first()
        or Series.objects.filter(slug=slugify(name or "")).first()
    )
    if found is None:
        raise FileError(f"series: no series is called {name!r}; create it first")
    return found


def import_season(data, *, name="season file", series=None, author=None):
    """Check, then write, a season file in one transaction.

    Returns (created, changed): counters of records by kind."""
    check_season(data, name)
    series = find_series(data, series)
    try:
        with transaction.atomic():
            importer = SeasonImporter(series=series, update=True, author=author)
            importer.load(data)
            importer.refresh_people()
    except ValidationError as error:
        raise FileError(f"{name}: {'; '.join(error.messages)}") from None
    except IntegrityError:
        raise FileError(
            f"{name}: a page in the file has the address of another page"
        ) from None
    return importer.created, importer.changed


def report(created, changed) -> str:
    """What an import did, in words."""
    parts = [f"created {n} {label}" for label, n in created.items()]
    parts += [f"changed {n} {label}" for label, n in changed.items()]
    return "; ".join(parts) or "nothing to change: the wiki already matches the file"


def export_season(season) -> dict:
    """Everything about a season, in the format import_season reads."""
    season_credits = season.cast_credits.select_related("person", "character").order_by(
        "order", "pk"
    )
    crew = season.crew_credits.select_related("person").order_by("order", "pk")
    producers = season.series.crew_credits.filter(
        job=CrewCredit.Job.EXECUTIVE_PRODUCER
    ).select_related("person")
    episodes = season.episodes.order_by("number").prefetch_related(
        "crew_credits__person", "cast_credits__person", "cast_credits__character"
    )
    character_ids = set(
        CastCredit.objects.filter(season=season).values_list("character", flat=True)
    ) | set(
        CastCredit.objects.filter(episode__season=season).values_list(
            "character", flat=True
        )
    )
    people = {c.person for c in season_credits} | {c.person for c in crew}
    episode_data = []
    for episode in episodes:
        credits = sorted(episode.crew_credits.all(), key=lambda c: (c.order, c.pk))
        people |= {c.person for c in credits} | {
            c.person for c in episode.cast_credits.all()
        }
        episode_data.append(
            {
                "number_in_season": episode.number,
                "number_overall": episode.number_overall,
                "title": episode.title,
                "slug": episode.slug,
                "release_date": _iso(episode.release_date),
                "runtime": episode.runtime,
                "synopsis": episode.synopsis,
                "credits_note": episode.credits_note,
                "directors": [c.person.title for c in credits if c.job == "director"],
                "writers": [c.person.title for c in credits if c.job == "writer"],
                "cast": [
                    _cast_entry(c) | {"billing": c.get_billing_display().lower()}
                    for c in episode.cast_credits.all()
                ],
                "sources": episode.source_lines(),
            }
        )
    return {
        "format": FORMAT,
        "series": season.series.title,
        "season": season.number,
        "title": season.title,
        "slug": season.slug,
        "release_date": _iso(season.release_date),
        "showrunner": [
            c.person.title for c in crew if c.job == CrewCredit.Job.SHOWRUNNER
        ],
        "executive_producers": [c.person.title for c in producers],
        "main_cast": [
            _cast_entry(c)
            for c in season_credits
            if c.billing == CastCredit.Billing.MAIN
        ],
        "recurring_cast": [
            _cast_entry(c, guest=c.billing == CastCredit.Billing.GUEST)
            for c in season_credits
            if c.billing != CastCredit.Billing.MAIN
        ],
        "episodes": episode_data,
        "people": [
            {"name": p.title, "short_bio": p.short_bio}
            for p in sorted(people, key=lambda p: p.title)
        ],
        "characters": [
            {
                "name": c.title,
                "description": c.description.splitlines(),
                "biography": c.body,
                "status": c.status.splitlines(),
                "aliases": c.aliases.splitlines(),
                "affiliations": c.affiliations.splitlines(),
            }
            for c in Character.objects.filter(pk__in=character_ids - {None})
        ],
        "sources": season.source_lines(),
    }


def _cast_entry(credit, *, guest=False):
    entry = {
        "person": credit.person.title,
        "character": f"{credit.role} {GUEST}" if guest else credit.role,
        "order": credit.order,
    }
    if credit.character_id:
        entry["page"] = credit.character.title
    return entry


def _iso(value):
    return value.isoformat() if value else None
