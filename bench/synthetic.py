"""
A large synthetic wiki, written in bulk: for measuring, never for readers.

Typed pages use multi-table inheritance, which `bulk_create` refuses, so each
kind is written in two steps: its hub rows with `bulk_create` (which returns
their ids), then its own rows through the same internal insert `bulk_create`
uses. Revisions are written a round at a time (every page's first, then every
second…) so that each can point at its parent. Search entries, categories and
links are computed by the same code as a normal save and written in bulk.
"""

import random
from collections import Counter
from dataclasses import dataclass
from itertools import accumulate, batched, count

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from wiki import categories, invalidation, kinds
from wiki.markup import link_targets
from wiki.models import (
    Article,
    Category,
    Page,
    PageCategory,
    PageLink,
    Revision,
    SearchEntry,
)
from wiki.search import backends, documents
from wiki.services import snapshot

BATCH = 500
WORDS = (
    "amber bridge cipher dockside echo falcon garnet harbour ivory jackal kestrel "
    "lantern meridian nightfall onyx parallax quarry raven saffron tundra umbra "
    "vortex willow xenon yarrow zephyr alley basement ceiling diner elevator "
    "ferry gallery hallway inkwell jukebox kiosk lobby marquee newsroom office "
    "precinct quay rooftop subway tenement uptown vestibule warehouse"
).split()


def _vocabulary(size=4000):
    """The themed words, then made-up ones, most common first."""
    rng = random.Random(3)  # noqa: S311 (made-up words, no secrets)
    onsets = "b br c ch d dr f fl g gr h j k l m n p pr r s sh st t tr v w z".split()
    vowels = "a e i o u ai ea io ou".split()
    codas = ["", "", "n", "r", "s", "l", "th", "nd", "st", "x"]
    words, seen = list(WORDS), set(WORDS)
    while len(words) < size:
        syllables = rng.choice((2, 2, 3))
        word = "".join(
            rng.choice(onsets) + rng.choice(vowels) for _ in range(syllables)
        )
        word += rng.choice(codas)
        if word not in seen:
            seen.add(word)
            words.append(word)
    return words


# Word frequencies follow Zipf's law, as in real prose: the n-th most common
# word is n times rarer than the first. Search costs depend on it.
VOCABULARY = _vocabulary()
CUMULATIVE = list(accumulate(1 / rank for rank in range(1, len(VOCABULARY) + 1)))

FIRST = (
    "Avery Blake Casey Devon Ellis Frankie Gray Harper Indigo Jules Kai Logan "
    "Morgan Noel Oakley Parker Quinn Reese Sage Taylor"
).split()
LAST = (
    "Abara Brennan Castellanos Dimitriou Eklund Fairweather Gallo Hakimi "
    "Iverson Jablonski Kowalczyk Lindqvist Moreau Nakamura Okafor Petrov "
    "Quintero Rasmussen Szabo Tanaka"
).split()


@dataclass
class Size:
    series: int = 20
    seasons: int = 5
    episodes: int = 20
    characters: int = 5000
    people: int = 10000
    credits: int = 100000
    articles: int = 20000
    revisions: int = 200000


def _insert_typed(model, objects):
    """Write a typed model's own rows for objects whose hub rows exist."""
    fields = model._meta.local_concrete_fields
    for batch in batched(objects, BATCH, strict=False):
        model._base_manager._insert(list(batch), fields=fields)


class Generator:
    def __init__(self, size: Size, *, prefix="syn", seed=1):
        self.size = size
        self.prefix = prefix
        self.random = random.Random(seed)  # noqa: S311 (made-up text, no secrets)
        self.counts = Counter()
        self.pages = []  # every typed page written, for revisions and search
        self.serial = count(1)

    def words(self, count):
        chosen = self.random.choices(VOCABULARY, cum_weights=CUMULATIVE, k=count)
        return " ".join(chosen)

    def paragraph(self, links=()):
        sentences = [f"{self.words(9).capitalize()}." for _ in range(3)]
        for title in links:
            sentences.insert(self.random.randrange(len(sentences)), f"See [[{title}]].")
        return " ".join(sentences)

    def write(self, model, objects):
        """Hub rows, then the kind's own rows; returns the objects, with ids."""
        hub_fields = [
            f.attname for f in Page._meta.concrete_fields if f.attname != "id"
        ]
        hubs = Page.objects.bulk_create(
            [
                Page(**{name: getattr(obj, name) for name in hub_fields})
                for obj in objects
            ],
            batch_size=BATCH,
        )
        for obj, hub in zip(objects, hubs, strict=True):
            obj.pk = obj.page_ptr_id = hub.pk
            obj.created_at, obj.updated_at = hub.created_at, hub.updated_at
        if model is not Article:
            _insert_typed(model, objects)
        self.pages.extend(objects)
        self.counts[model._meta.verbose_name_plural] += len(objects)
        return objects

    def page(self, model, title, **fields):
        slug = f"{self.prefix}-{model.KIND}-{next(self.serial)}"
        return model(title=title, slug=slug, kind=model.KIND, **fields)

    # Content -----------------------------------------------------------------

    def run(self) -> Counter:
        with transaction.atomic():
            self.series_seasons_episodes()
            self.people_and_characters()
            self.credits()
            self.articles()
            self.revisions()
            self.search_categories_links()
        return self.counts

    def series_seasons_episodes(self):
        size = self.size
        self.series = self.write(
            Series,
            [
                self.page(Series, f"Synthetic series {n}", premise=self.words(20))
                for n in range(1, size.series + 1)
            ],
        )
        seasons = [
            self.page(
                Season,
                f"{series.title} season {number}",
                series_id=series.pk,
                number=number,
            )
            for series in self.series
            for number in range(1, size.seasons + 1)
        ]
        self.seasons = self.write(Season, seasons)
        episodes = []
        for season in self.seasons:
            base = (season.number - 1) * size.episodes
            for number in range(1, size.episodes + 1):
                episode = self.page(
                    Episode,
                    f"{season.title} {number}: {self.words(2).title()}",
                    season_id=season.pk,
                    number=number,
                    number_overall=base + number,
                    synopsis=self.paragraph(),
                    body=self.paragraph(),
                )
                episode.season = season
                episodes.append(episode)
        self.episodes = self.write(Episode, episodes)

    def people_and_characters(self):
        size = self.size
        self.people = self.write(
            Person,
            [
                self.page(
                    Person,
                    f"{FIRST[n % 20]} {LAST[n // 20 % 20]} {n // 400 + 1}",
                    short_bio=self.words(12).capitalize() + ".",
                    body=self.paragraph(),
                )
                for n in range(size.people)
            ],
        )
        characters = []
        for n in range(size.characters):
            series = self.series[n % len(self.series)]
            late = (
                f"S{self.random.randint(1, size.seasons)}E{self.random.randint(1, 9)}"
            )
            characters.append(
                self.page(
                    Character,
                    f"{self.words(1).title()} {LAST[n % 20]} {n + 1}",
                    series_id=series.pk,
                    description=f"{self.words(12).capitalize()}.\n"
                    f"{late}: {self.words(12)}.",
                    status=f"Alive\n{late}: Deceased" if n % 7 == 0 else "Alive",
                    aliases=f"{self.words(2).title()}\n{late}: {self.words(2).title()}",
                    body=f"{self.paragraph()}\n\n::: {late}\n{self.paragraph()}\n:::\n",
                )
            )
        self.characters = self.write(Character, characters)

    def credits(self):
        size = self.size
        crew = []
        writers = self.people[size.characters :] or self.people
        for season in self.seasons:
            crew.append(
                CrewCredit(
                    person_id=writers[season.pk % len(writers)].pk,
                    job=CrewCredit.Job.SHOWRUNNER,
                    season_id=season.pk,
                )
            )
        for episode in self.episodes:
            for job in (CrewCredit.Job.DIRECTOR, CrewCredit.Job.WRITER):
                crew.append(
                    CrewCredit(
                        person_id=self.random.choice(writers).pk,
                        job=job,
                        episode_id=episode.pk,
                    )
                )
        CrewCredit.objects.bulk_create(crew, batch_size=BATCH)
        # Each character has an actor; the rest of the credits are their
        # appearances, spread over the episodes of the character's series.
        by_series = {}
        for index, character in enumerate(self.characters):
            character.actor_id = self.people[index % len(self.people)].pk
            by_series.setdefault(character.series_id, []).append(character)
        wanted = max(size.credits - len(crew), 0)
        per_episode = max(-(-wanted // max(len(self.episodes), 1)), 1)
        cast = []
        for episode in self.episodes:
            pool = by_series[episode.season.series_id]
            for character in self.random.sample(pool, min(per_episode, len(pool))):
                cast.append(
                    CastCredit(
                        person_id=character.actor_id,
                        character_id=character.pk,
                        role=character.title,
                        billing=CastCredit.Billing.GUEST,
                        episode_id=episode.pk,
                    )
                )
        CastCredit.objects.bulk_create(cast, batch_size=BATCH)
        self.counts["crew credits"] += len(crew)
        self.counts["cast credits"] += len(cast)

    def articles(self):
        titles = [c.title for c in self.characters]
        self.write(
            Article,
            [
                self.page(
                    Article,
                    f"{self.words(3).title()} {n + 1}",
                    article_type=Page.ArticleType.PLACE if n % 3 else "",
                    body="\n\n".join(
                        [
                            self.paragraph(self.random.sample(titles, 2)),
                            f"## {self.words(2).title()}",
                            self.paragraph(),
                            f"## {self.words(2).title()}",
                            self.paragraph(self.random.sample(titles, 1)),
                        ]
                    ),
                )
                for n in range(self.size.articles)
            ],
        )

    def revisions(self):
        """Every page's history: one revision each, the rest on random pages."""
        extra = max(self.size.revisions - len(self.pages), 0)
        depth = Counter(self.random.choices(range(len(self.pages)), k=extra))
        rounds = 1 + max(depth.values(), default=0)
        parents, snapshots = {}, {}
        for number in range(1, rounds + 1):
            batch = []
            for index, page in enumerate(self.pages):
                if number > 1 + depth[index]:
                    continue
                # Read once a page (its parts are queries), copied each round.
                if page.pk not in snapshots:
                    snapshots[page.pk] = snapshot(page)
                data = dict(snapshots[page.pk])
                if number <= depth[index]:  # an earlier, shorter text
                    data["body"] = data.get("body", "")[: 40 * number]
                batch.append(
                    Revision(
                        page_id=page.pk,
                        number=number,
                        parent_id=parents.get(page.pk),
                        action=Revision.Action.CREATE
                        if number == 1
                        else Revision.Action.EDIT,
                        summary="" if number == 1 else self.words(4),
                        data=data,
                    )
                )
            for revision in Revision.objects.bulk_create(batch, batch_size=BATCH):
                parents[revision.page_id] = revision.pk
            self.counts["revisions"] += len(batch)
        latest = Revision.objects.filter(page=OuterRef("pk")).order_by("-number")
        Page.objects.filter(slug__startswith=f"{self.prefix}-").update(
            current_revision=Subquery(latest.values("pk")[:1])
        )

    def search_categories_links(self):
        entries, links, memberships = [], [], []
        wanted: dict[str, str] = {}
        for page in self.pages:
            entries.extend(documents.build(page))
            links.extend(
                PageLink(source_id=page.pk, target_slug=slug)
                for slug in link_targets(page.body) - {page.slug}
            )
            names = ["People", "Cast"] if page.kind == "person" else _automatic(page)
            for name in names:
                wanted.setdefault(slugify(name), name)
                memberships.append((page.pk, slugify(name)))
        saved = []
        for batch in batched(entries, BATCH, strict=False):
            saved.extend(SearchEntry.objects.bulk_create(batch))
        backends.index_many(saved)
        PageLink.objects.bulk_create(links, batch_size=BATCH, ignore_conflicts=True)
        existing = {c.slug: c for c in Category.objects.filter(slug__in=wanted)}
        new = [Category(slug=s, name=n) for s, n in wanted.items() if s not in existing]
        for category in Category.objects.bulk_create(new):
            existing[category.slug] = category
        PageCategory.objects.bulk_create(
            [
                PageCategory(page_id=pk, category=existing[slug], is_automatic=True)
                for pk, slug in memberships
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
        self.counts["search entries"] += len(saved)
        self.counts["links"] += len(links)


def _automatic(page):
    if page.kind in ("season", "episode"):
        # Without the queries a season or an episode would make for its series.
        return [kinds.get(page.kind).label_plural]
    return categories.names_for(page)[1]


def generate(size: Size, **options) -> Counter:
    """Write a synthetic wiki; one transaction, so a failure leaves nothing."""
    counts = Generator(size, **options).run()
    invalidation.everything_changed()
    if connection.vendor == "postgresql":
        # Fresh statistics for the planner; outside a transaction, VACUUM also
        # clears the rows that indexing rewrote and maps the visible pages.
        with connection.cursor() as cursor:
            cursor.execute(
                "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
            )
    return counts
