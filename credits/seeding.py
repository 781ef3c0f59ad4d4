"""
Loading a series from the seed files in `seed/<series>/`.

The files are read and checked in full before anything is written; the load is
one transaction and only creates what is missing, so running it again changes
nothing and never overwrites what editors have changed since.
"""

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from wiki import categories
from wiki.models import Article, Page, Redirect
from wiki.search import documents
from wiki.services import record_revision, typed

DEFAULT_SEED_DIR = Path(__file__).resolve().parent.parent / "seed" / "jessica-jones"
ALIAS_NOTE = re.compile(r"\s*\([^)]*\)")
PORTRAYAL = re.compile(r"^(?P<name>[^(]+?)\s*(?:\((?P<note>[^)]*)\))?$")
SEASON_IN_NOTE = re.compile(r"season (\d+)")
BILLINGS = {label.lower(): value for value, label in CastCredit.Billing.choices}


class SeedError(Exception):
    """The seed files are missing or malformed; nothing was written."""


@dataclass
class SeedData:
    directory: Path
    manifest: dict
    seasons: list[dict]
    characters: list[dict]
    texts: dict[str, str] = field(default_factory=dict)


# Reading and checking ------------------------------------------------------


def _load_json(path: Path):
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SeedError(f"{path.name}: file not found in {path.parent}") from None
    except json.JSONDecodeError as error:
        raise SeedError(
            f"{path.name}: not valid JSON (line {error.lineno}, column "
            f"{error.colno}: {error.msg})"
        ) from None


def _check(value, expected, where):
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        names = (
            " or ".join(t.__name__ for t in expected)
            if isinstance(expected, tuple)
            else expected.__name__
        )
        raise SeedError(f"{where}: expected {names}, found {value!r}")
    return value


def _field(record, key, expected, where, *, optional=False):
    if key not in record:
        if optional:
            return None
        raise SeedError(f"{where}: missing field {key!r}")
    value = record[key]
    if value is None and optional:
        return None
    return _check(value, expected, f"{where}.{key}")


def _date(record, key, where):
    value = _field(record, key, str, where, optional=True)
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise SeedError(f"{where}.{key}: not a date (YYYY-MM-DD): {value!r}") from None


def _names(record, key, where):
    value = _field(record, key, (list, str), where, optional=True) or []
    names = [value] if isinstance(value, str) else value
    for index, name in enumerate(names):
        _check(name, str, f"{where}.{key}[{index}]")
    return names


def _check_season(data, name):
    _check(data, dict, name)
    _field(data, "season", int, name)
    _date(data, "release_date", name)
    _names(data, "showrunner", name)
    _names(data, "executive_producers", name)
    for key in ("main_cast", "recurring_cast"):
        for index, entry in enumerate(_field(data, key, list, name)):
            where = f"{name}: {key}[{index}]"
            _check(entry, dict, where)
            _field(entry, "person", str, where)
            _field(entry, "character", str, where)
    seen = set()
    for index, episode in enumerate(_field(data, "episodes", list, name)):
        where = f"{name}: episodes[{index}]"
        _check(episode, dict, where)
        number = _field(episode, "number_in_season", int, where)
        if number in seen or number < 1:
            raise SeedError(f"{where}.number_in_season: {number} is repeated or < 1")
        seen.add(number)
        _field(episode, "number_overall", int, where)
        if not _field(episode, "title", str, where).strip():
            raise SeedError(f"{where}.title: empty")
        _date(episode, "release_date", where)
        _field(episode, "synopsis", str, where, optional=True)
        _field(episode, "credits_note", str, where, optional=True)
        _names(episode, "directors", where)
        _names(episode, "writers", where)
        _names(episode, "sources", where)


def _check_character(data, where):
    _check(data, dict, where)
    if not _field(data, "name", str, where).strip():
        raise SeedError(f"{where}.name: empty")
    _field(data, "description", str, where, optional=True)
    _names(data, "aliases", where)
    _names(data, "portrayed_by", where)
    _names(data, "sources", where)
    for index, number in enumerate(_field(data, "seasons", list, where)):
        _check(number, int, f"{where}.seasons[{index}]")


def _titles(series, seasons, characters, manifest) -> set[str]:
    """Every page title the seed creates."""
    titles = {series["title"], *(c["name"] for c in characters)}
    titles |= {a["title"] for a in manifest.get("articles") or [] if "title" in a}
    for season in seasons:
        titles |= {*_names(season, "showrunner", ""), *season["executive_producers"]}
        titles |= {entry["person"] for entry in season["main_cast"]}
        titles |= {entry["person"] for entry in season["recurring_cast"]}
        for episode in season["episodes"]:
            titles |= {episode["title"], *_names(episode, "directors", "")}
            titles |= set(_names(episode, "writers", ""))
    return titles


def read_seed(directory: Path = DEFAULT_SEED_DIR) -> SeedData:
    """Read and check every seed file; raise SeedError naming the fault."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SeedError(f"seed folder not found: {directory}")
    manifest = _check(_load_json(directory / "series.json"), dict, "series.json")
    series = _field(manifest, "series", dict, "series.json")
    for key in ("title", "slug", "season_title"):
        _field(series, key, str, "series.json: series")
    seasons = []
    for name in _field(manifest, "season_files", list, "series.json"):
        data = _load_json(directory / _check(name, str, "series.json: season_files"))
        _check_season(data, name)
        seasons.append(data)
    numbers = [season["season"] for season in seasons]
    if len(set(numbers)) != len(numbers):
        raise SeedError(f"series.json: season_files repeat a season: {numbers}")
    characters_file = _field(manifest, "characters_file", str, "series.json")
    characters = _check(_load_json(directory / characters_file), list, characters_file)
    for index, character in enumerate(characters):
        _check_character(character, f"{characters_file}[{index}]")
    known = {character["name"] for character in characters}
    for key in ("character_status", "character_affiliations"):
        for name in _field(manifest, key, dict, "series.json", optional=True) or {}:
            if name not in known:
                raise SeedError(f"series.json: {key} names unknown character {name!r}")
    for name, status in (manifest.get("character_status") or {}).items():
        if status not in Character.Status.values:
            raise SeedError(f"series.json: character_status[{name!r}]: {status!r}")
    for index, entry in enumerate(manifest.get("episode_cast") or []):
        where = f"series.json: episode_cast[{index}]"
        for key in ("person", "character", "billing"):
            _field(entry, key, str, where)
        if entry["billing"] not in BILLINGS:
            raise SeedError(f"{where}.billing: {entry['billing']!r}")
        if entry["character"] not in known:
            raise SeedError(f"{where}.character: unknown {entry['character']!r}")
        _field(entry, "season", int, where)
        _field(entry, "episode", int, where)
    titles = _titles(series, seasons, characters, manifest)
    for index, entry in enumerate(manifest.get("redirects") or []):
        where = f"series.json: redirects[{index}]"
        _field(entry, "title", str, where)
        if _field(entry, "target", str, where) not in titles:
            raise SeedError(f"{where}.target: no page is called {entry['target']!r}")
    texts = {}
    body_files = [series.get("body_file")]
    for index, article in enumerate(_field(manifest, "articles", list, "series.json")):
        where = f"series.json: articles[{index}]"
        for key in ("title", "slug", "body_file"):
            _field(article, key, str, where)
        if article.get("article_type", "") not in Page.ArticleType.values:
            raise SeedError(f"{where}.article_type: {article.get('article_type')!r}")
        body_files.append(article["body_file"])
    for name in filter(None, body_files):
        try:
            texts[name] = (directory / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(f"{name}: file not found in {directory}") from None
    return SeedData(directory, manifest, seasons, characters, texts)


# Writing --------------------------------------------------------------------


class _Loader:
    def __init__(self, data: SeedData):
        self.data = data
        self.manifest = data.manifest
        self.created = Counter()
        self.people: dict[str, Person] = {}
        self.characters: dict[str, Character] = {}

    def _get_or_create(self, model, label, defaults=None, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[label] += 1
            if isinstance(obj, Page):
                record_revision(page=obj, summary="Imported from the seed data")
        return obj

    def redirect(self, title, target):
        slug = slugify(title)
        if not slug or Page.objects.filter(slug=slug).exists():
            return
        self._get_or_create(
            Redirect,
            "redirects",
            slug=slug,
            defaults={"title": title, "target": target},
        )
        documents.refresh(typed(target))

    def _free_slug(self, base, fallback):
        return fallback if Page.objects.filter(slug=base).exists() else base

    def person(self, name):
        if name not in self.people:
            self.people[name] = self._get_or_create(
                Person, "people", slug=slugify(name), defaults={"title": name}
            )
        return self.people[name]

    def run(self):
        info = self.manifest["series"]
        self.series = self._get_or_create(
            Series,
            "series",
            slug=info["slug"],
            defaults={
                "title": info["title"],
                "network": info.get("network", ""),
                "premise": info.get("premise", ""),
                "is_featured": info.get("is_featured", False),
                "body": self.data.texts.get(info.get("body_file"), ""),
            },
        )
        self.load_characters()
        for season_data in self.data.seasons:
            self.load_season(season_data)
        self.load_portrayals()
        self.load_episode_cast()
        self.load_articles()
        self.load_redirects()
        for person in self.people.values():
            categories.refresh(person)  # Cast and Crew follow the credits
        return self.created

    def load_characters(self):
        records = self.data.characters
        statuses = self.manifest.get("character_status") or {}
        affiliations = self.manifest.get("character_affiliations") or {}
        names = sorted((c["name"] for c in records), key=len, reverse=True)
        for record in records:
            name = record["name"]
            description = record.get("description") or ""
            self.characters[name] = self._get_or_create(
                Character,
                "characters",
                slug=slugify(name),
                defaults={
                    "title": name,
                    "series": self.series,
                    "description": _first_sentence(description),
                    "body": _link_names(description, names, exclude=name),
                    "aliases": "\n".join(record.get("aliases") or []),
                    "status": statuses.get(name, Character.Status.UNKNOWN),
                    "affiliations": "\n".join(affiliations.get(name, [])),
                    "sources": "\n".join(record.get("sources") or []),
                },
            )

    def character_for(self, role):
        name = self.manifest.get("character_names", {}).get(role, role)
        return self.characters.get(name)

    def load_season(self, data):
        number = data["season"]
        title = self.manifest["series"]["season_title"].format(number=number)
        season = self._get_or_create(
            Season,
            "seasons",
            series=self.series,
            number=number,
            defaults={
                "title": title,
                "slug": slugify(title),
                "release_date": _parse_date(data.get("release_date")),
                "sources": "\n".join(data.get("sources") or []),
            },
        )
        for order, name in enumerate(_as_list(data.get("showrunner"))):
            self.crew(name, CrewCredit.Job.SHOWRUNNER, order, season=season)
        for order, name in enumerate(_as_list(data.get("executive_producers"))):
            self.crew(
                name, CrewCredit.Job.EXECUTIVE_PRODUCER, order, series=self.series
            )
        for order, entry in enumerate(data["main_cast"]):
            self.cast(entry["person"], entry["character"], "main", order, season=season)
        for order, entry in enumerate(data["recurring_cast"]):
            role = entry["character"]
            billing = "guest" if role.endswith("(guest)") else "recurring"
            role = role.removesuffix("(guest)").strip()
            self.cast(entry["person"], role, billing, order, season=season)
        for record in data["episodes"]:
            self.load_episode(season, record)

    def load_episode(self, season, record):
        slug = slugify(record["title"])
        episode = self._get_or_create(
            Episode,
            "episodes",
            season=season,
            number=record["number_in_season"],
            defaults={
                "title": record["title"],
                "slug": self._free_slug(slug, f"{slug}-s{season.number}"),
                "number_overall": record["number_overall"],
                "release_date": _parse_date(record.get("release_date")),
                "synopsis": record.get("synopsis") or "",
                "credits_note": record.get("credits_note") or "",
                "sources": "\n".join(record.get("sources") or []),
            },
        )
        for order, name in enumerate(_as_list(record.get("directors"))):
            self.crew(name, CrewCredit.Job.DIRECTOR, order, episode=episode)
        for order, name in enumerate(_as_list(record.get("writers"))):
            self.crew(name, CrewCredit.Job.WRITER, order, episode=episode)

    def crew(self, name, job, order, **scope):
        self._get_or_create(
            CrewCredit,
            "crew credits",
            person=self.person(name),
            job=job,
            defaults={"order": order},
            **scope,
        )

    def cast(self, name, role, billing, order, **scope):
        self._get_or_create(
            CastCredit,
            "cast credits",
            person=self.person(name),
            role=role,
            defaults={
                "character": self.character_for(role),
                "billing": BILLINGS[billing],
                "order": order,
            },
            **scope,
        )

    def load_portrayals(self):
        """Portrayals in characters.json that the seasons' cast lists lack."""
        seasons = {s.number: s for s in self.series.seasons.all()}
        for record in self.data.characters:
            character = self.characters[record["name"]]
            for portrayal in record.get("portrayed_by") or []:
                match = PORTRAYAL.match(portrayal.strip())
                name, note = match["name"], match["note"] or ""
                person = self.person(name)
                if CastCredit.objects.filter(person=person, character=character):
                    continue
                role = character.title
                if note.lower().startswith("young"):
                    role = f"Young {character.title}"
                numbers = [int(n) for n in SEASON_IN_NOTE.findall(note)]
                if not note:
                    numbers = record["seasons"]
                targets = [{"season": seasons[n]} for n in numbers if n in seasons]
                for scope in targets or [{"series": self.series}]:
                    self.cast(name, role, "guest", 0, **scope)
                    CastCredit.objects.filter(
                        person=person, role=role, character__isnull=True
                    ).update(character=character)

    def load_episode_cast(self):
        for entry in self.manifest.get("episode_cast") or []:
            episode = Episode.objects.get(
                season__series=self.series,
                season__number=entry["season"],
                number=entry["episode"],
            )
            self.cast(
                entry["person"],
                entry["character"],
                entry["billing"],
                0,
                episode=episode,
            )

    def load_redirects(self):
        """Aliases of characters, and the misspellings that series.json lists."""
        for record in self.data.characters:
            for alias in record.get("aliases") or []:
                title = ALIAS_NOTE.sub("", alias).strip().strip('"')
                self.redirect(title, self.characters[record["name"]])
        for entry in self.manifest.get("redirects") or []:
            target = Page.objects.get(title=entry["target"])
            self.redirect(entry["title"], target)

    def load_articles(self):
        for record in self.manifest["articles"]:
            self._get_or_create(
                Article,
                "articles",
                slug=record["slug"],
                defaults={
                    "title": record["title"],
                    "article_type": record.get("article_type", ""),
                    "published_on": _parse_date(record.get("published_on")),
                    "body": self.data.texts[record["body_file"]],
                    "sources": "\n".join(record.get("sources") or []),
                },
            )


def load_seed(data: SeedData) -> Counter:
    """Create whatever the seed describes and the database lacks; one transaction."""
    with transaction.atomic():
        return _Loader(data).run()


def _as_list(value):
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def _first_sentence(text):
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match[1] if match else text


def _link_names(text, names, *, exclude):
    """Turn the first mention of each other character into a wiki link."""
    others = [n for n in names if n != exclude]
    if not others:
        return text
    pattern = re.compile(r"\b(" + "|".join(map(re.escape, others)) + r")\b")
    linked = set()

    def link(match):
        if match[1] in linked:
            return match[0]
        linked.add(match[1])
        return f"[[{match[1]}]]"

    return pattern.sub(link, text)
