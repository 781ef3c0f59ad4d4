"""
A season as one JSON file: its episodes, credits, characters and people.

`export_season` writes the format and `import_season` reads it back; the seed
files use the same format. An import checks the whole file before writing,
runs in one transaction, and is idempotent: it reports what it created and
changed, and a second run changes nothing.
"""

from collections import Counter

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from characters.models import Character
from credits.models import CastCredit, CrewCredit, Person
from episodes.models import Episode, Season, Series
from exchange.schemas import FORMAT, GUEST, CastEntry, EpisodeEntry, SeasonFile
from exchange.validation import FileError, validate
from wiki import categories, conflicts, invalidation, kinds, storytime
from wiki.forms import field_labels
from wiki.models import Page
from wiki.services import EditConflict, record_revision, revise_page

BILLINGS = {label.lower(): value for value, label in CastCredit.Billing.choices}


def read_season(data, name: str) -> SeasonFile:
    """A whole season file, checked against its schema; a FileError names
    the field at fault."""
    return validate(SeasonFile, data, name)


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
        self.characters: dict[str, Character | None] = {}
        self.touched_people: set[int] = set()
        self.touched_scopes: set = set()  # pages whose credits were written
        self.new_pages: dict = {}  # pages created here: their first summary
        self.summary = "Cast and crew from a season file"

    def upsert(self, model, label, lookup, values, create_only=None):
        """Create the record or, when updating, bring its fields in line.
        `create_only` holds defaults for a new record only (its slug…)."""
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup | (create_only or {}) | values)
            self._save(obj, self.created, label, "Imported from a season file")
        elif self.update:
            changes = {k: v for k, v in values.items() if getattr(obj, k) != v}
            if changes and hasattr(obj, "kind"):
                obj = self._revise(obj, changes)
                self.changed[label] += 1
            elif changes:
                for key, value in changes.items():
                    setattr(obj, key, value)
                self._save(obj, self.changed, label, "Updated from a season file")
        return obj

    def _revise(self, page, changes):
        """Change a page as an edit does: from the revision read here, so an
        edit saved since is kept (or, on the same field, refuses the file)
        and only the file's changes are written."""
        revised = kinds.of(page).fields
        revise_page(
            page=page,
            author=self.author,
            changes={k: v for k, v in changes.items() if k in revised},
            base_revision=page.current_revision,
            summary="Updated from a season file",
            outside={k: v for k, v in changes.items() if k not in revised} or None,
        )
        page.refresh_from_db()
        return page

    def _save(self, obj, counter, label, summary):
        # A file's refusal names the field at fault; the seed, checked whole
        # by read_seed, leaves its uniqueness and constraints to the
        # database (a query each, per row, otherwise).
        obj.full_clean(validate_unique=self.update, validate_constraints=self.update)
        obj.save()
        counter[label] += 1
        if not hasattr(obj, "kind"):
            return
        # A page's change is a revision; a page made here gets one, at the end,
        # with what the import adds to it (its credits, its categories).
        if counter is self.created:
            self.new_pages[obj] = summary
        else:
            record_revision(page=obj, author=self.author, summary=summary)

    def person(self, name, short_bio=None):
        if name not in self.people:
            values = {"title": name} | ({"short_bio": short_bio} if short_bio else {})
            self.people[name] = self.upsert(Person, "people", {"slug": slugify(name)},
                                            values)  # fmt: skip
        return self.people[name]

    def character_for(self, role, page=None):
        """The character page a role belongs to: the one named, or by role."""
        name = page or self.character_names.get(role, role)
        if name not in self.characters:
            self.characters[name] = Character.objects.filter(title=name).first()
        return self.characters[name]

    def crew(self, name, job, order, **scope):
        person = self.person(name)
        self.touched_people.add(person.pk)
        self.touched_scopes |= set(scope.values())
        self.upsert(CrewCredit, "crew credits", {"person": person, "job": job, **scope},
                    {"order": order})  # fmt: skip

    def cast(self, entry: CastEntry, role, billing, order, *, note="", **scope):
        """A cast credit; a file's own `order` wins over its place in a list;
        billing None is not known."""
        person = self.person(entry.person)
        self.touched_people.add(person.pk)
        self.touched_scopes |= set(scope.values())
        self.upsert(
            CastCredit,
            "cast credits",
            {"person": person, "role": role, **scope},
            {
                "character": self.character_for(role, entry.page),
                "billing": BILLINGS.get(billing),
                "order": order if entry.order is None else entry.order,
            }
            | ({"note": note} if note else {})
            | entry.given("revealed_in"),
        )

    def load(self, data: SeasonFile) -> Season:
        for record in data.people:
            self.person(record.name, record.short_bio)
        for record in data.characters:
            facts = record.given("description", "status", "aliases", "affiliations")
            values = {"title": record.name} | {
                k: "\n".join(v) for k, v in facts.items()
            }
            if record.biography is not None:
                values["body"] = record.biography
            self.upsert(
                Character,
                "characters",
                {"slug": slugify(record.name)},
                values,
                create_only={"series": self.series},
            )
        title = data.title or f"{self.series.title} season {data.season}"
        season = self.upsert(
            Season,
            "seasons",
            {"series": self.series, "number": data.season},
            data.given("title", "release_date") | _lines(data.given("sources")),
            create_only={"title": title, "slug": data.slug or slugify(title)},
        )
        for order, name in enumerate(data.showrunner):
            self.crew(name, CrewCredit.Job.SHOWRUNNER, order, season=season)
        for order, name in enumerate(data.executive_producers):
            self.crew(
                name, CrewCredit.Job.EXECUTIVE_PRODUCER, order, series=self.series
            )
        for index, entry in enumerate(data.main_cast):
            self.cast(entry, entry.character, "main", index, season=season)
        for index, entry in enumerate(data.recurring_cast):
            guest = entry.character.endswith(GUEST)
            role = entry.character.removesuffix(GUEST).strip()
            billing = "guest" if guest else "recurring"
            self.cast(entry, role, billing, index, season=season)
        for record in data.episodes:
            self.load_episode(season, record)
        return season

    def refresh_people(self):
        """Cast and Crew categories follow the credits: update them once, at
        the end, for everyone whose credits were touched; and the pages the
        credits belong to record them in a revision."""
        people = self.touched_people - {page.pk for page in self.new_pages}
        for person in Person.objects.filter(pk__in=people):
            categories.refresh(person)
        # The instance made here is the one holding what was set on it since.
        pages = {page.pk: page for page in self.touched_scopes}
        pages |= {page.pk: page for page in self.new_pages}
        for page in sorted(pages.values(), key=lambda page: page.pk):
            summary = self.new_pages.get(page, self.summary)
            record_revision(page=page, author=self.author, summary=summary)

    @staticmethod
    def free_slug(slug, fallback):
        return fallback if Page.objects.filter(slug=slug).exists() else slug

    def load_episode(self, season, record: EpisodeEntry):
        slug = record.slug or slugify(record.title)
        values = {"title": record.title, "number_overall": record.number_overall}
        values |= record.given("release_date", "runtime")
        values |= {
            k: v or "" for k, v in record.given("synopsis", "credits_note").items()
        }
        episode = self.upsert(
            Episode,
            "episodes",
            {"season": season, "number": record.number_in_season},
            values | _lines(record.given("sources")),
            create_only={"slug": self.free_slug(slug, f"{slug}-s{season.number}")},
        )
        for order, name in enumerate(record.directors):
            self.crew(name, CrewCredit.Job.DIRECTOR, order, episode=episode)
        for order, name in enumerate(record.writers):
            self.crew(name, CrewCredit.Job.WRITER, order, episode=episode)
        for index, entry in enumerate(record.cast):
            self.cast(
                entry,
                entry.character,
                entry.billing,
                index,
                note=entry.note,
                episode=episode,
            )


def _lines(values: dict) -> dict:
    """Lists of lines as the text fields that hold them."""
    return {name: "\n".join(lines) for name, lines in values.items()}


def find_series(season: SeasonFile, name: str) -> Series:
    """The series a file names, by title or by address."""
    title = season.series or ""
    found = (
        Series.objects.filter(title=title).first()
        or Series.objects.filter(slug=slugify(title)).first()
    )
    if found is None:
        raise FileError(
            f"{name}: series: no series is called {title!r}; create it first"
        )
    return found


def import_season(data, *, name="season file", series=None, author=None):
    """Check, then write, a season file in one transaction.

    Returns (created, changed): counters of records by kind."""
    season = read_season(data, name)
    series = series or find_series(season, name)
    try:
        with transaction.atomic():
            importer = SeasonImporter(series=series, update=True, author=author)
            try:
                importer.load(season)
            except EditConflict as conflict:  # said before the rollback
                raise FileError(f"{name}: {_conflict(conflict)}") from None
            importer.refresh_people()
            # A season at once: every page may show some of it.
            invalidation.everything_changed()
    except ValidationError as error:
        raise FileError(f"{name}: {'; '.join(error.messages)}") from None
    except IntegrityError:
        raise FileError(
            f"{name}: a page in the file has the address of another page"
        ) from None
    return importer.created, importer.changed


def _conflict(conflict) -> str:
    page = conflict.current.page
    labels = field_labels(page.kind)
    changes = conflicts.changes_since(
        base=conflict.base,
        current=conflict.current,
        fields=conflict.fields,
        labels=labels,
    )
    said = conflicts.named(changes) or ", ".join(labels[f] for f in conflict.fields)
    return (
        f"{page.title} was edited while the file was being imported, on what "
        f"the file changes too: {said}. Import it again to replace that edit "
        "with the file's values."
    )


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
                "cast": [_episode_cast_entry(c) for c in episode.cast_credits.all()],
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


def _episode_cast_entry(credit):
    billing = credit.get_billing_display().lower() if credit.billing else None
    return (
        _cast_entry(credit)
        | {"billing": billing}
        | ({"note": credit.note} if credit.note else {})
    )


def _cast_entry(credit, *, guest=False):
    entry = {
        "person": credit.person.title,
        "character": f"{credit.role} {GUEST}" if guest else credit.role,
        "order": credit.order,
    }
    if credit.character_id:
        entry["page"] = credit.character.title
    if credit.revealed_in:
        entry["revealed_in"] = storytime.code(credit.revealed_in)
    return entry


def _iso(value):
    return value.isoformat() if value else None
