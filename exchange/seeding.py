"""
Loading a series from the seed files in `seed/<series>/`.

The files are read and checked in full before anything is written; the load is
one transaction and only creates what is missing, so running it again changes
nothing and never overwrites what editors have changed since.
"""

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit
from episodes.models import Episode, Series
from exchange.checks import FileError, check, field, names, parse_json
from exchange.seasonfile import BILLINGS, SeasonImporter, check_season
from multimedia.models import Video
from wiki import storytime
from wiki.models import Article, Page, Redirect
from wiki.search import documents
from wiki.services import record_revision, typed
from wiki.storytime import validate_timeline

DEFAULT_SEED_DIR = Path(__file__).resolve().parent.parent / "seed" / "jessica-jones"
ALIAS_NOTE = re.compile(r"\s*\([^)]*\)")
PORTRAYAL = re.compile(r"^(?P<name>[^(]+?)\s*(?:\((?P<note>[^)]*)\))?$")
SEASON_IN_NOTE = re.compile(r"season (\d+)")


SeedError = FileError


@dataclass
class SeedData:
    directory: Path
    manifest: dict
    seasons: list[dict]
    characters: list[dict]
    texts: dict[str, str] = dataclasses.field(default_factory=dict)
    facts: dict[str, dict] = dataclasses.field(default_factory=dict)


# Reading and checking ------------------------------------------------------


def _load_json(path: Path):
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(f"{path.name}: file not found in {path.parent}") from None
    return parse_json(text, path.name)


def _check_timeline(lines, where):
    """A fact over story time: a list of lines, each maybe tagged `S1E13: …`."""
    check(lines, list, where)
    for line in lines:
        check(line, str, where)
    try:
        validate_timeline("\n".join(lines))
    except ValidationError as error:
        raise SeedError(f"{where}: {error.messages[0]}") from None


def _check_character(data, where):
    check(data, dict, where)
    if not field(data, "name", str, where).strip():
        raise SeedError(f"{where}.name: empty")
    field(data, "description", str, where, optional=True)
    names(data, "aliases", where)
    names(data, "portrayed_by", where)
    names(data, "sources", where)
    for index, number in enumerate(field(data, "seasons", list, where)):
        check(number, int, f"{where}.seasons[{index}]")


def _titles(series, seasons, characters, manifest) -> set[str]:
    """Every page title the seed creates."""
    titles = {series["title"], *(c["name"] for c in characters)}
    titles |= {a["title"] for a in manifest.get("articles") or [] if "title" in a}
    for season in seasons:
        titles |= {*names(season, "showrunner", ""), *season["executive_producers"]}
        titles |= {entry["person"] for entry in season["main_cast"]}
        titles |= {entry["person"] for entry in season["recurring_cast"]}
        for episode in season["episodes"]:
            titles |= {episode["title"], *names(episode, "directors", "")}
            titles |= set(names(episode, "writers", ""))
    return titles


def read_seed(directory: Path = DEFAULT_SEED_DIR) -> SeedData:
    """Read and check every seed file; raise SeedError naming the fault."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SeedError(f"seed folder not found: {directory}")
    manifest = check(_load_json(directory / "series.json"), dict, "series.json")
    series = field(manifest, "series", dict, "series.json")
    for key in ("title", "slug", "season_title"):
        field(series, key, str, "series.json: series")
    seasons = []
    for name in field(manifest, "season_files", list, "series.json"):
        data = _load_json(directory / check(name, str, "series.json: season_files"))
        check_season(data, name)
        seasons.append(data)
    numbers = [season["season"] for season in seasons]
    if len(set(numbers)) != len(numbers):
        raise SeedError(f"series.json: season_files repeat a season: {numbers}")
    characters_file = field(manifest, "characters_file", str, "series.json")
    characters = check(_load_json(directory / characters_file), list, characters_file)
    for index, character in enumerate(characters):
        _check_character(character, f"{characters_file}[{index}]")
    known = {character["name"] for character in characters}
    for key in ("character_status", "character_affiliations"):
        for name in field(manifest, key, dict, "series.json", optional=True) or {}:
            if name not in known:
                raise SeedError(f"series.json: {key} names unknown character {name!r}")
    facts = {}
    if facts_file := field(
        manifest, "character_facts_file", str, "series.json", optional=True
    ):
        facts = check(_load_json(directory / facts_file), dict, facts_file)
    for name, status in (manifest.get("character_status") or {}).items():
        _check_timeline(status, f"series.json: character_status[{name!r}]")
    for name, record in facts.items():
        if name not in known:
            raise SeedError(f"{facts_file}: unknown character {name!r}")
        for key in ("description", "status", "aliases"):
            _check_timeline(record.get(key, []), f"{facts_file}: {name}.{key}")
    for index, entry in enumerate(manifest.get("episode_cast") or []):
        where = f"series.json: episode_cast[{index}]"
        for key in ("person", "character", "billing"):
            field(entry, key, str, where)
        if entry["billing"] not in BILLINGS:
            raise SeedError(f"{where}.billing: {entry['billing']!r}")
        if entry["character"] not in known:
            raise SeedError(f"{where}.character: unknown {entry['character']!r}")
        field(entry, "season", int, where)
        field(entry, "episode", int, where)
    titles = _titles(series, seasons, characters, manifest)
    for index, entry in enumerate(manifest.get("redirects") or []):
        where = f"series.json: redirects[{index}]"
        field(entry, "title", str, where)
        if field(entry, "target", str, where) not in titles:
            raise SeedError(f"{where}.target: no page is called {entry['target']!r}")
    for index, video in enumerate(
        field(manifest, "videos", list, "series.json", optional=True) or []
    ):
        where = f"series.json: videos[{index}]"
        for key in ("page", "kind", "title"):
            field(video, key, str, where)
        if video["kind"] not in Video.Kind.values:
            raise SeedError(f"{where}.kind: one of {Video.Kind.values}")
        if video["page"] not in titles:
            raise SeedError(f"{where}.page: no page is called {video['page']!r}")
    texts = {}
    bodies = (
        field(manifest, "character_bodies", dict, "series.json", optional=True) or {}
    )
    for name in bodies:
        if name not in known:
            raise SeedError(f"series.json: character_bodies names unknown {name!r}")
    body_files = [series.get("body_file"), *bodies.values()]
    for index, article in enumerate(field(manifest, "articles", list, "series.json")):
        where = f"series.json: articles[{index}]"
        for key in ("title", "slug", "body_file"):
            field(article, key, str, where)
        if article.get("article_type", "") not in Page.ArticleType.values:
            raise SeedError(f"{where}.article_type: {article.get('article_type')!r}")
        body_files.append(article["body_file"])
    for name in filter(None, body_files):
        try:
            texts[name] = (directory / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(f"{name}: file not found in {directory}") from None
    return SeedData(directory, manifest, seasons, characters, texts, facts)


# Writing --------------------------------------------------------------------


class _Loader:
    def __init__(self, data: SeedData):
        self.data = data
        self.manifest = data.manifest
        self.created = Counter()
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

    def person(self, name):
        return self.importer.person(name)

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
        self.importer = SeasonImporter(
            series=self.series,
            update=False,
            character_names=self.manifest.get("character_names") or {},
            created=self.created,
        )
        self.load_characters()
        title = self.manifest["series"]["season_title"]
        for season_data in self.data.seasons:
            number = season_data["season"]
            self.importer.load({"title": title.format(number=number)} | season_data)
        self.load_portrayals()
        self.load_episode_cast()
        self.load_articles()
        self.load_videos()
        self.load_redirects()
        self.importer.refresh_people()
        return self.created

    def season_ends(self):
        """The position of each season's last episode in the seed."""
        return {
            season["season"]: storytime.position(
                season["season"], max(e["number_in_season"] for e in season["episodes"])
            )
            for season in self.data.seasons
        }

    def load_characters(self):
        records = self.data.characters
        statuses = self.manifest.get("character_status") or {}
        affiliations = self.manifest.get("character_affiliations") or {}
        bodies = self.manifest.get("character_bodies") or {}
        names = sorted((c["name"] for c in records), key=len, reverse=True)
        ends = self.season_ends()
        for record in records:
            name = record["name"]
            facts = self.data.facts.get(name, {})
            description = record.get("description") or ""
            if name in bodies:
                body = self.data.texts[bodies[name]]
                summary = facts.get("description") or [_first_sentence(description)]
            else:
                # The data describes a character across all their seasons, so
                # with no biography written in stages, it counts as known only
                # once the seasons it covers are over: spoiler-safe, if late.
                seen = [ends[n] for n in record.get("seasons") or [] if n in ends]
                first, last = (min(seen), max(seen)) if seen else (0, 0)
                body = _revealed(_link_names(description, names, exclude=name), last)
                summary = [_tagged(first, _first_sentence(description))]
            self.characters[name] = self._get_or_create(
                Character,
                "characters",
                slug=slugify(name),
                defaults={
                    "title": name,
                    "series": self.series,
                    "description": "\n".join(summary),
                    "body": body,
                    "aliases": "\n".join(
                        facts.get("aliases", record.get("aliases") or [])
                    ),
                    "status": "\n".join(facts.get("status", statuses.get(name, []))),
                    "affiliations": "\n".join(affiliations.get(name, [])),
                    "sources": "\n".join(record.get("sources") or []),
                },
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
                    self.importer.cast(name, role, "guest", 0, **scope)
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
            self.importer.cast(
                entry["person"],
                entry["character"],
                entry["billing"],
                0,
                episode=episode,
            )

    def load_redirects(self):
        """Aliases of characters, and the misspellings that series.json lists.
        An alias revealed later in the story gets no redirect: a redirect is
        there for every reader to see."""
        for record in self.data.characters:
            character = self.characters[record["name"]]
            for alias in storytime.values_at(character.aliases, storytime.NOTHING):
                title = ALIAS_NOTE.sub("", alias).strip().strip('"')
                self.redirect(title, character)
        for entry in self.manifest.get("redirects") or []:
            target = Page.objects.get(title=entry["target"])
            self.redirect(entry["title"], target)

    def load_videos(self):
        """Videos the seed knows of; without an address they show as not linked."""
        for record in self.manifest.get("videos") or []:
            self._get_or_create(
                Video,
                "videos",
                page=Page.objects.get(title=record["page"]),
                title=record["title"],
                defaults={
                    "kind": record["kind"],
                    "description": record.get("description", ""),
                },
            )

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


def _parse_date(value):
    return date.fromisoformat(value) if value else None


def _tagged(pos, line):
    return f"{storytime.code(pos)}: {line}" if pos and line else line


def _revealed(text, pos):
    """A Markdown text as one block revealed at `pos`."""
    return f"::: {storytime.code(pos)}\n{text}\n:::\n" if pos and text else text


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
