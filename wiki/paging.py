"""Pages of lists too long to count on every request."""


class UncountedPage:
    """
    A page of a list found without counting the list: one row more than a
    page says whether another follows. It answers what the pagination
    template asks of a Django `Page`, except the number of pages.
    """

    paginator = None
    # Past any real list; a larger number is read as this one, so that its
    # offset fits every database's integers.
    LAST = 1_000_000

    def __init__(self, queryset, number, per_page):
        try:
            self.number = min(max(int(number), 1), self.LAST)
        except (TypeError, ValueError):
            self.number = 1
        start = (self.number - 1) * per_page
        rows = list(queryset[start : start + per_page + 1])
        self.object_list = rows[:per_page]
        self._more = len(rows) > per_page

    def __iter__(self):
        return iter(self.object_list)

    def __len__(self):
        return len(self.object_list)

    def has_next(self):
        return self._more

    def has_previous(self):
        return self.number > 1

    def has_other_pages(self):
        return self.has_next() or self.has_previous()

    def next_page_number(self):
        return self.number + 1

    def previous_page_number(self):
        return self.number - 1
