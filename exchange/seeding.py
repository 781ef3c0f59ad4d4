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
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from characters.models import Character, Relation
from credits.models import CastCredit
from episodes.models import Episode, Series
from exchange.schemas import (
    GUEST,
    Appearance,
    Appearances,
    CastEntry,
    CharacterFacts,
    CharacterRecord,
    EpisodeCast,
    Manifest,
    SeasonFile,
)
from exchange.seasonfile import BILLINGS, SeasonImporter
from exchange.validation import FileError, parse_json, validate
from multimedia.models import Video
from wiki import invalidation, storytime
from wiki.models import Article, Page, Redirect
from wiki.search import documents
from wiki.services import record_revision, typed

DEFAULT_SEED_DIR = Path(__file__).resolve().parent.parent / "seed" / "jessica-jones"
ALIAS_NOTE = re.compile(r"\s*\([^)]*\)")
PORTRAYAL = re.compile(r"^(?P<name>[^(]+?)\s*(?:\((?P<note>[^)]*)\))?$")
SEASON_IN_NOTE = re.compile(r"season (\d+)")


SeedError = FileError
SEEDED = "Imported from the seed data"
CAST_BASIS = {
    "credit_list": "The cast below is taken from the episode's credit list, "
    "which names the main cast and only some of the guests.",
    "reviews": "No credit list was found for this episode: the cast below is "
    "who reviews place in it, and how each was billed is not known.",
}


@dataclass
class SeedData:
    directory: Path
    manifest: Manifest
    seasons: list[SeasonFile]
    characters: list[CharacterRecord]
    texts: dict[str, str] = dataclasses.field(default_factory=dict)
    facts: dict[str, CharacterFacts] = dataclasses.field(default_factory=dict)
    appearances: dict[str, Appearance] = dataclasses.field(default_factory=dict)
    episode_cast: EpisodeCast | None = None


# Reading and checking ------------------------------------------------------


def _load(directory: Path, name: str, schema):
    path = directory / name
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise SeedError(f"{name}: file not found in {directory}") from None
    return validate(schema, parse_json(text, name), name)


def _titles(manifest: Manifest, seasons, characters) -> set[str]:
    """Every page title the seed creates."""
    titles = {manifest.series.title, *(c.name for c in characters)}
    titles |= {article.title for article in manifest.articles}
    for season in seasons:
        titles |= {*season.showrunner, *season.executive_producers}
        titles |= {entry.person for entry in season.main_cast + season.recurring_cast}
        for episode in season.episodes:
            titles |= {episode.title, *episode.directors, *episode.writers}
    return titles


def _check_names(where: str, named, known: set[str], what="character") -> None:
    for name in named:
        if name not in known:
            raise SeedError(f"{where} names unknown {what} {name!r}")


def read_seed(directory: Path = DEFAULT_SEED_DIR) -> SeedData:
    """Read every seed file and check it against its schema, then check what
    the files say of each other; raise SeedError naming the fault."""
    directory = Path(directory)
    if not directory.is_dir():
        raise SeedError(f"seed folder not found: {directory}")
    manifest = _load(directory, "series.json", Manifest)
    seasons = [_load(directory, name, SeasonFile) for name in manifest.season_files]
    numbers = [season.season for season in seasons]
    if len(set(numbers)) != len(numbers):
        raise SeedError(f"series.json: season_files repeat a season: {numbers}")
    characters_file = manifest.characters_file
    characters = _load(directory, characters_file, list[CharacterRecord])
    facts_file = manifest.character_facts_file
    facts = _load(directory, facts_file, dict[str, CharacterFacts])
    appearances_file = manifest.appearances_file
    appearances = _load(directory, appearances_file, Appearances).characters
    known = {character.name for character in characters}
    _check_names("series.json: character_bodies", manifest.character_bodies, known)
    _check_names(facts_file, facts, known)
    _check_names(appearances_file, appearances, known)
    # Every character is written in stages: without its own body, facts and
    # first appearance it would have to be either hidden or a spoiler.
    for where, given in (
        ("series.json: character_bodies", manifest.character_bodies),
        (facts_file, facts),
        (appearances_file, appearances),
    ):
        if missing := sorted(known - set(given)):
            raise SeedError(f"{where} lacks {', '.join(map(repr, missing))}")
    cast_file = manifest.episode_cast_file
    episode_cast = _load(directory, cast_file, EpisodeCast)
    _check_episode_cast(cast_file, episode_cast, seasons, known)
    for name, season in zip(manifest.season_files, seasons, strict=True):
        _check_cast_reveals(name, season, manifest.character_names, appearances)
    titles = _titles(manifest, seasons, characters)
    for index, entry in enumerate(manifest.redirects):
        where = f"series.json: redirects[{index}].target"
        _check_names(where, [entry.target], titles, what="page")
    for index, video in enumerate(manifest.videos):
        _check_names(f"series.json: videos[{index}].page", [video.page], titles, "page")
    body_files = [
        manifest.series.body_file,
        *manifest.character_bodies.values(),
        *(article.body_file for article in manifest.articles),
    ]
    texts = {}
    for name in filter(None, body_files):
        try:
            texts[name] = (directory / name).read_text(encoding="utf-8")
        except FileNotFoundError:
            raise SeedError(f"{name}: file not found in {directory}") from None
    return SeedData(
        directory, manifest, seasons, characters, texts, facts, appearances,
        episode_cast,
    )  # fmt: skip


def _check_episode_cast(name, data: EpisodeCast, seasons, known: set[str]) -> None:
    """Episodes the season files hold; relations between characters the seed
    creates (a cast list may name anyone: a role without a page)."""
    episodes = {(s.season, e.number_in_season) for s in seasons for e in s.episodes}
    for index, record in enumerate(data.episodes):
        code = f"S{record.season}E{record.episode}"
        if (record.season, record.episode) not in episodes:
            raise SeedError(
                f"{name}: episodes[{index}] is {code}, which no season file holds"
            )
        roles = Counter((e.actor, e.credited_as or e.character) for e in record.cast)
        if twice := [pair for pair, count in roles.items() if count > 1]:
            raise SeedError(f"{name}: {code} credits {twice[0]} twice")
    for index, relation in enumerate(data.relations):
        where = f"{name}: relations[{index}]"
        _check_names(where, [relation.subject, relation.of], known)


def _check_cast_reveals(name, season, character_names, appearances) -> None:
    """A season's cast credit must not name a character before readers meet
    them: such an entry needs `revealed_in`."""
    start = storytime.season_start(season.season)
    for key in ("main_cast", "recurring_cast"):
        for index, entry in enumerate(getattr(season, key)):
            role = entry.character.removesuffix(GUEST).strip()
            character = entry.page or character_names.get(role, role)
            seen = appearances.get(character)
            if seen and seen.first_appearance > max(start, entry.revealed_in):
                raise SeedError(
                    f"{name}: {key}[{index}] credits {character!r} "
                    f"before {storytime.code(seen.first_appearance)}, where "
                    "readers first meet them: give it revealed_in"
                )


# Writing --------------------------------------------------------------------


class _Loader:
    def __init__(self, data: SeedData):
        self.data = data
        self.manifest = data.manifest
        self.created = Counter()
        self.characters: dict[str, Character] = {}

    def _get_or_create(self, model, label, defaults=None, *, record=True, **lookup):
        obj, created = model.objects.get_or_create(defaults=defaults or {}, **lookup)
        if created:
            self.created[label] += 1
            if isinstance(obj, Page) and record:
                record_revision(page=obj, summary=SEEDED)
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
        info = self.manifest.series
        self.series = self._get_or_create(
            Series,
            "series",
            record=False,  # with its credits, once they are in (below)
            slug=info.slug,
            defaults={
                "title": info.title,
                "network": info.network,
                "premise": info.premise,
                "is_featured": info.is_featured,
                "body": self.data.texts.get(info.body_file, ""),
            },
        )
        self.importer = SeasonImporter(
            series=self.series,
            update=False,
            character_names=self.manifest.character_names,
            created=self.created,
        )
        self.importer.summary = SEEDED
        if self.series.current_revision_id is None:
            self.importer.new_pages[self.series] = SEEDED
        self.load_characters()
        for season in self.data.seasons:
            if season.title is None:  # the manifest names seasons it does not
                title = info.season_title.format(number=season.season)
                season = season.model_copy(update={"title": title})
            self.importer.load(season)
        self.load_portrayals()
        self.load_episode_cast()
        self.load_relations()
        self.load_articles()
        self.load_videos()
        self.load_redirects()
        self.importer.refresh_people()
        return self.created

    def load_characters(self):
        """Each character with a body, facts and a first appearance of its own,
        all written in stages (checked complete by read_seed)."""
        bodies = self.manifest.character_bodies
        for record in self.data.characters:
            name = record.name
            facts = self.data.facts[name]
            self.characters[name] = self._get_or_create(
                Character,
                "characters",
                record=False,  # with its relations, once they are in
                slug=slugify(name),
                defaults={
                    "title": name,
                    "series": self.series,
                    "revealed_in": self.data.appearances[name].first_appearance,
                    "description": "\n".join(facts.description),
                    "body": self.data.texts[bodies[name]],
                    "aliases": "\n".join(
                        facts.given("aliases").get("aliases", record.aliases)
                    ),
                    "status": "\n".join(facts.status),
                    "affiliations": "\n".join(facts.affiliations),
                    "sources": "\n".join(record.sources),
                },
            )
            if self.characters[name].current_revision_id is None:
                self.importer.new_pages[self.characters[name]] = SEEDED

    def load_portrayals(self):
        """Portrayals in characters.json that the seasons' cast lists lack."""
        seasons = {s.number: s for s in self.series.seasons.all()}
        for record in self.data.characters:
            character = self.characters[record.name]
            for portrayal in record.portrayed_by:
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
                    numbers = record.seasons
                targets = [{"season": seasons[n]} for n in numbers if n in seasons]
                seen = self.data.appearances[record.name]
                reveal = seen.portrayals.get(name, seen.first_appearance)
                for scope in targets or [{"series": self.series}]:
                    entry = CastEntry(person=name, character=role, revealed_in=reveal)
                    self.importer.cast(entry, role, "guest", 0, **scope)
                    CastCredit.objects.filter(
                        person=person, role=role, character__isnull=True
                    ).update(character=character)

    def load_episode_cast(self):
        """Each episode's cast list as appearances (episode credits), made in
        one go: the file was checked whole (`_check_episode_cast`). A credit
        whose actor or character readers meet later than the episode (a cover
        name, a face shown before it is named) waits for that episode."""
        # A page made in this load is the importer's instance: its revision,
        # recorded at the end, reads what is set on it here.
        made = {page.pk: page for page in self.importer.new_pages}
        episodes = {
            (e.season.number, e.number): made.get(e.pk, e)
            for e in Episode.objects.filter(season__series=self.series).with_season()
        }
        have = set(
            CastCredit.objects.filter(episode__in=episodes.values()).values_list(
                "person__title", "role", "episode_id"
            )
        )
        credits = []
        for record in self.data.episode_cast.episodes:
            episode = episodes[(record.season, record.episode)]
            here = storytime.position(record.season, record.episode)
            for order, entry in enumerate(record.cast):
                role = entry.credited_as or entry.character or ""
                if (entry.actor, role, episode.pk) in have:
                    continue
                character = self.characters.get(entry.character)
                seen = self.data.appearances.get(entry.character)
                reveal = max(
                    seen.portrayals.get(entry.actor, 0) if seen else 0,
                    character.revealed_in if character else 0,
                )
                if reveal > here and entry.credited_as:
                    # A cover name is no secret: the credit shows under it
                    # from its episode, unlinked from whom it hides.
                    character, reveal = None, 0
                person = self.person(entry.actor)
                self.importer.touched_people.add(person.pk)
                credits.append(
                    CastCredit(
                        person=person,
                        character=character,
                        role=role,
                        billing=BILLINGS.get(entry.billing),
                        order=order,
                        note=entry.note,
                        revealed_in=reveal if reveal > here else 0,
                        episode=episode,
                    )
                )
            self.importer.touched_scopes.add(episode)
            if episode.pk in made:
                self.describe_cast(episode, record)
        if credits:
            CastCredit.objects.bulk_create(credits)
            self.created["cast credits"] += len(credits)

    def describe_cast(self, episode, record):
        """A new episode says where its partial cast list comes from, and gets
        the runtime the data knows (one already there is left as editors made
        it)."""
        if not episode.credits_note:
            episode.credits_note = CAST_BASIS[record.cast_basis]
        if episode.runtime is None:
            episode.runtime = record.runtime
        episode.save(update_fields=["credits_note", "runtime"])

    def load_relations(self):
        """Relations between characters; each is a row of its subject's page,
        which records it in the page's first revision (characters wait for
        theirs until now)."""
        for entry in self.data.episode_cast.relations:
            subject = self.characters[entry.subject]
            relation, created = Relation.objects.get_or_create(
                subject=subject,
                kind=entry.kind,
                other=self.characters[entry.of],
                defaults={"revealed_in": entry.revealed_in},
            )
            if created:
                self.created["relations"] += 1
                self.importer.touched_scopes.add(subject)

    def load_redirects(self):
        """Aliases of characters, and the misspellings that series.json lists.
        An alias revealed later in the story gets no redirect: a redirect is
        there for every reader to see."""
        for record in self.data.characters:
            character = self.characters[record.name]
            for alias in storytime.values_at(character.aliases, storytime.NOTHING):
                title = ALIAS_NOTE.sub("", alias).strip().strip('"')
                self.redirect(title, character)
        for entry in self.manifest.redirects:
            target = Page.objects.get(title=entry.target)
            self.redirect(entry.title, target)

    def load_videos(self):
        """Videos the seed knows of; without an address they show as not linked."""
        for record in self.manifest.videos:
            self._get_or_create(
                Video,
                "videos",
                page=Page.objects.get(title=record.page),
                title=record.title,
                defaults={"kind": record.kind, "description": record.description},
            )

    def load_articles(self):
        for record in self.manifest.articles:
            self._get_or_create(
                Article,
                "articles",
                slug=record.slug,
                defaults={
                    "title": record.title,
                    "article_type": record.article_type,
                    "published_on": record.published_on,
                    "revealed_in": record.revealed_in,
                    "body": self.data.texts[record.body_file],
                    "sources": "\n".join(record.sources),
                },
            )


def load_seed(data: SeedData) -> Counter:
    """Create whatever the seed describes and the database lacks; one transaction."""
    with transaction.atomic():
        counts = _Loader(data).run()
        invalidation.everything_changed()  # a whole wiki at once
        return counts
