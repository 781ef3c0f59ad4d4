from typing import Any

from ninja import Field, Schema
from ninja.pagination import PaginationBase


class LinkedPagination(PaginationBase):
    """Page-numbered lists that say how many items there are in all and give
    the addresses of the next and previous pages."""

    page_size = 50

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)

    class Output(Schema):
        count: int
        next: str | None
        previous: str | None
        items: list[Any]

    def paginate_queryset(self, queryset, pagination: Input, request, **params):
        number = pagination.page
        offset = (number - 1) * self.page_size
        count = self._items_count(queryset)

        def link(page):
            query = request.GET.copy()
            query["page"] = page
            return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

        return {
            "count": count,
            "next": link(number + 1) if offset + self.page_size < count else None,
            "previous": link(number - 1) if number > 1 else None,
            "items": list(queryset[offset : offset + self.page_size]),
        }
