"""The wiki core's models, a module each for pages, their history, the links
between them, search, contributors' profiles, the public log and moderation."""

from wiki.models.generation import ContentGeneration
from wiki.models.links import Category, PageCategory, PageLink, Redirect
from wiki.models.logs import LogEntry
from wiki.models.moderation import Block, LinkRule, Patrol
from wiki.models.pages import Article, Page, PageQuerySet, page_link, revealed_q
from wiki.models.profiles import Profile
from wiki.models.revisions import Revision
from wiki.models.search import SearchEntry

__all__ = [
    "Article",
    "Block",
    "Category",
    "ContentGeneration",
    "LinkRule",
    "LogEntry",
    "Page",
    "PageCategory",
    "PageLink",
    "PageQuerySet",
    "revealed_q",
    "Patrol",
    "Profile",
    "Redirect",
    "Revision",
    "SearchEntry",
    "page_link",
]
