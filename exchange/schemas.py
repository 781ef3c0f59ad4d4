"""
The data files the wiki reads, declared field by field: season files (what
`export_season` writes and `import_season` reads, the seed's seasons too) and
the seed's own files. Fields a file may leave out default to "not given";
fields the wiki does not know are ignored. Values are never coerced: a number
written as text is an error, not a guess.

Rules that span records or files (a repeated episode number, a redirect to a
page no file creates) are checked here too where one file holds them, and in
exchange/seeding.py where they span files.
"""

from datetime import date
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    field_validator,
    model_validator,
)

from characters.models import Relation
from credits.models import CastCredit
from exchange.validation import (
    at_least,
    episode_code,
    iso_date,
    names,
    not_blank,
    timeline,
)
from multimedia.models import Video
from wiki.models import Page

FORMAT = "fanwiki-season/1"
GUEST = "(guest)"  # a recurring cast entry's role ending so is a guest role

Names = Annotated[list[str], BeforeValidator(names)]
# A list that a file may also give as null: none.
OrNone = BeforeValidator(lambda value: [] if value is None else value)
Timeline = Annotated[list[str], BeforeValidator(names), AfterValidator(timeline)]
Text = Annotated[str, AfterValidator(not_blank)]
IsoDate = Annotated[date | None, BeforeValidator(iso_date)]
# Where something is first revealed, written as an episode code; 0 if not given.
Reveal = Annotated[int, BeforeValidator(episode_code)]
Billing = Literal[tuple(label.lower() for label in CastCredit.Billing.labels)]


class Record(BaseModel):
    model_config = ConfigDict(extra="ignore", frozen=True)

    def given(self, *fields: str) -> dict:
        """The named fields the file gave, so that an update never blanks
        what a file leaves out."""
        present = self.model_fields_set
        return {name: getattr(self, name) for name in fields if name in present}


# Season files ----------------------------------------------------------------


class CastEntry(Record):
    person: str
    character: str
    page: str | None = None  # the character's page, when not named by the role
    order: Annotated[int, AfterValidator(at_least(0))] | None = None
    # A role that is itself a later reveal waits for the episode that tells it.
    revealed_in: Reveal = 0


class EpisodeCastEntry(CastEntry):
    billing: Billing | None  # None: no source says
    note: str = ""  # how they appear if not in person: "voice only"…


class EpisodeEntry(Record):
    number_in_season: Annotated[int, AfterValidator(at_least(1))]
    number_overall: int
    title: Text
    slug: str | None = None
    release_date: IsoDate = None
    runtime: Annotated[int, AfterValidator(at_least(1))] | None = None
    synopsis: str | None = None
    credits_note: str | None = None
    directors: Names = []
    writers: Names = []
    cast: Annotated[list[EpisodeCastEntry], OrNone] = []
    sources: Names = []

    @field_validator("number_overall")
    @classmethod
    def _not_below_number_in_season(cls, value, info):
        if value < info.data.get("number_in_season", 0):
            raise ValueError("less than number_in_season")
        return value


class PersonEntry(Record):
    name: str
    short_bio: str | None = None


class CharacterEntry(Record):
    name: Text
    biography: str | None = None
    description: Timeline = []
    status: Timeline = []
    aliases: Timeline = []
    affiliations: Timeline = []


class SeasonFile(Record):
    format: Literal[FORMAT] | None = None
    series: str | None = None
    season: Annotated[int, AfterValidator(at_least(1))]
    title: str | None = None
    slug: str | None = None
    release_date: IsoDate = None
    showrunner: Names = []
    executive_producers: Names = []
    main_cast: list[CastEntry]
    recurring_cast: list[CastEntry]
    episodes: list[EpisodeEntry]
    people: Annotated[list[PersonEntry], OrNone] = []
    characters: Annotated[list[CharacterEntry], OrNone] = []
    sources: Names = []

    @model_validator(mode="after")
    def _episode_numbers_differ(self):
        seen = set()
        for index, episode in enumerate(self.episodes):
            number = episode.number_in_season
            if number in seen:
                raise ValueError(
                    f"episodes[{index}].number_in_season: {number} is repeated"
                )
            seen.add(number)
        return self


# The seed --------------------------------------------------------------------


class SeriesInfo(Record):
    title: str
    slug: str
    season_title: str  # "Jessica Jones season {number}"
    network: str = ""
    premise: str = ""
    body_file: str | None = None
    is_featured: bool = False


class ArticleEntry(Record):
    title: str
    slug: str
    body_file: str
    revealed_in: Reveal = 0  # the episode that first tells of its subject
    article_type: Literal[tuple(Page.ArticleType.values) + ("",)] = ""
    published_on: IsoDate = None
    sources: Timeline = []


class RedirectEntry(Record):
    title: str
    target: str


class VideoEntry(Record):
    page: str
    kind: Literal[tuple(Video.Kind.values)]
    title: str
    description: str = ""


class Manifest(Record):
    """`series.json`: the series, and the files and facts that go with it."""

    series: SeriesInfo
    season_files: list[str]
    characters_file: str
    character_facts_file: str
    appearances_file: str
    character_bodies: dict[str, str]
    character_names: dict[str, str] = {}
    episode_cast_file: str
    articles: list[ArticleEntry]
    redirects: list[RedirectEntry] = []
    videos: list[VideoEntry] = []


class CharacterRecord(Record):
    """A character of `characters.json`: described across all their seasons."""

    name: Text
    description: str | None = None
    aliases: Names = []
    portrayed_by: Names = []
    sources: Timeline = []  # a source that gives away a later episode is tagged
    seasons: list[int]


class CharacterFacts(Record):
    """Facts written in stages, each line maybe tagged with its episode; an
    untagged line is revealed with the character."""

    description: Timeline
    status: Timeline = []
    aliases: Timeline = []
    affiliations: Timeline = []


class Appearance(Record):
    """Where readers first meet a character, and each actor in the role."""

    first_appearance: Reveal
    basis: str = ""
    portrayals: dict[str, Reveal] = {}


class Appearances(Record):
    """`appearances.json`: first appearances, by character name."""

    characters: dict[str, Appearance]


class Appearing(Record):
    """Someone in an episode's cast list: `character` None when the source
    names the actor only; `billing` None when it does not say."""

    character: str | None = None
    actor: Text
    billing: Billing | None = None
    credited_as: str | None = None
    note: str = ""  # how they appear if not in person: "voice only"…


class EpisodeAppearances(Record):
    season: int
    episode: int
    runtime: int | None = None
    cast_basis: Literal["credit_list", "reviews"]
    cast: list[Appearing]
    sources: list[str] = []


class RelationEntry(Record):
    """“<subject> is the <kind> of <of>”, revealed with both characters unless
    the show discloses the tie later."""

    subject: Text
    kind: Literal[tuple(Relation.Kind.values)]
    of: Text
    revealed_in: Reveal = 0


class EpisodeCast(Record):
    """`episode-cast.json`: each episode's (partial) cast, and relations."""

    episodes: list[EpisodeAppearances]
    relations: list[RelationEntry]
