"""
A character's family and partners, laid out for the diagram on its page
(`templates/charts/family.html`): the character in the middle, the people a
generation up above, a generation down below, siblings on its left and
partners and spouses on its right. Only relations the reader has reached are
drawn, and only the people they name.
"""

from collections import defaultdict
from dataclasses import dataclass

from characters.models import Relation
from wiki import storytime

NODE_WIDTH, NODE_HEIGHT = 124, 36
PITCH = 148  # from one person's centre to the next in a row above or below
BESIDE_PITCH = 184  # beside the character, with room for a label between
ROW_GAP = 100  # from one row's centre to the next
MARGIN = 8
NAME_CHARS = 18
ARC_DEPTH = 44  # how far an arc between people of one row bows out
LABEL_FROM_OUTER = 0.3

Kind = Relation.Kind
SIBLINGS = {
    Kind.SISTER, Kind.BROTHER, Kind.SIBLING, Kind.ADOPTIVE_SISTER,
    Kind.ADOPTIVE_BROTHER,
}  # fmt: skip
# What the other is to the subject, for a tie recorded from one side only.
INVERSE = {
    **dict.fromkeys([Kind.DAUGHTER, Kind.SON, Kind.CHILD], "parent"),
    **dict.fromkeys([Kind.ADOPTIVE_DAUGHTER, Kind.ADOPTIVE_SON], "adoptive parent"),
    **dict.fromkeys([Kind.MOTHER, Kind.FATHER, Kind.PARENT], "child"),
    **dict.fromkeys([Kind.ADOPTIVE_MOTHER, Kind.ADOPTIVE_FATHER], "adoptive child"),
    **dict.fromkeys([Kind.SISTER, Kind.BROTHER, Kind.SIBLING], "sibling"),
    **dict.fromkeys([Kind.ADOPTIVE_SISTER, Kind.ADOPTIVE_BROTHER], "adoptive sibling"),
}
KIND_ORDER = {kind: index for index, kind in enumerate(Kind.values)}


@dataclass
class Node:
    character: object
    x: int  # centre
    y: int
    is_center: bool = False

    @property
    def left(self):
        return self.x - NODE_WIDTH // 2

    @property
    def top(self):
        return self.y - NODE_HEIGHT // 2

    @property
    def name(self):
        return _fit(self.character.title, NAME_CHARS)


@dataclass
class Edge:
    path: str
    label: str
    label_x: int
    label_y: int
    is_former: bool
    lines: tuple[str, ...]  # the label, broken where it must fit a gap


@dataclass
class Diagram:
    character: object
    nodes: list[Node]
    edges: list[Edge]
    relations: list[Relation]  # for the table, the character's own first
    up: list[Node]
    beside: list[Node]
    down: list[Node]
    width: int
    view_box: str
    height: int
    staged_at: str  # the reader's episode, when they have not seen it all
    node_width: int = NODE_WIDTH
    node_height: int = NODE_HEIGHT


def _fit(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[: chars - 1].rstrip() + "…"


def kind_order(kind) -> int:
    """Where a kind of tie comes in lists of them: as `Relation.Kind` lists it."""
    return KIND_ORDER.get(kind, len(KIND_ORDER))


def _reached(relation, progress, series_id) -> bool:
    return (
        progress.sees(relation.reveal, series_id)
        and relation.subject.is_revealed_to(progress)
        and relation.other.is_revealed_to(progress)
    )


def _ordered(nodes_and_kinds) -> list:
    ordered = sorted(nodes_and_kinds, key=lambda n: (kind_order(n[1]), n[0].title))
    return [character for character, _ in ordered]


def _pulls(relations, middle) -> dict:
    """Where each person's ties to the middle row pull them: the mean place
    of those they are tied to there, so that their lines cross least."""
    places = defaultdict(list)
    for relation in relations:
        ends = (relation.subject_id, relation.other_id)
        for one, two in (ends, ends[::-1]):
            if two in middle:
                places[one].append(middle[two])
    return {pk: sum(xs) / len(xs) for pk, xs in places.items()}


def _row(nodes_and_kinds, cx, y, pulls) -> list[Node]:
    """A row above or below the character, centred on it."""
    ordered = sorted(
        nodes_and_kinds,
        key=lambda n: (pulls.get(n[0].pk, cx), kind_order(n[1]), n[0].title),
    )
    start = cx - (len(ordered) - 1) * PITCH / 2
    return [Node(c, round(start + i * PITCH), y) for i, (c, _) in enumerate(ordered)]


def diagram(character, progress) -> Diagram | None:
    """The diagram of the relations around `character` a reader has reached,
    or None when there is none (one query)."""
    series_id = character.series_id
    relations = [
        r
        for r in Relation.objects.around(character)
        if _reached(r, progress, series_id)
    ]
    # Where each person stands from the character, by the tie that names them.
    placed = {}
    for relation in relations:
        if relation.subject_id == character.pk:
            placed.setdefault(
                relation.other_id, (relation.other, relation.generation, relation.kind)
            )
        elif relation.other_id == character.pk:
            placed.setdefault(
                relation.subject_id,
                (relation.subject, -relation.generation, relation.kind),
            )
    if not placed:
        return None
    relations = [
        r
        for r in relations
        if {r.subject_id, r.other_id} <= placed.keys() | {character.pk}
    ]
    up = [(c, kind) for c, level, kind in placed.values() if level > 0]
    down = [(c, kind) for c, level, kind in placed.values() if level < 0]
    beside = [(c, kind) for c, level, kind in placed.values() if level == 0]
    left = [n for n in beside if n[1] in SIBLINGS]
    right = [n for n in beside if n[1] not in SIBLINGS]

    half = NODE_WIDTH // 2
    row_half = (max(len(up), len(down), 1) - 1) * PITCH // 2 + half
    cx = MARGIN + max(len(left) * BESIDE_PITCH + half, row_half)
    width = cx + max(len(right) * BESIDE_PITCH + half, row_half) + MARGIN
    y = ROW_GAP if up else 0
    center = Node(character, cx, y, is_center=True)
    left_nodes = [
        Node(c, cx - i * BESIDE_PITCH, y) for i, c in enumerate(_ordered(left), 1)
    ]
    right_nodes = [
        Node(c, cx + i * BESIDE_PITCH, y) for i, c in enumerate(_ordered(right), 1)
    ]
    middle = {n.character.pk: n.x for n in [*left_nodes, center, *right_nodes]}
    pulls = _pulls(relations, middle)
    up_nodes = _row(up, cx, 0, pulls)
    down_nodes = _row(down, cx, y + ROW_GAP, pulls)

    nodes = [*up_nodes, *left_nodes, center, *right_nodes, *down_nodes]
    by_pk = {node.character.pk: node for node in nodes}
    edges = _edges(relations, by_pk, character.pk)
    tops = [n.top for n in nodes] + [e.label_y - 10 for e in edges]
    bottoms = [n.top + NODE_HEIGHT for n in nodes] + [e.label_y + 22 for e in edges]
    low, high = min(tops) - MARGIN, max(bottoms) + MARGIN
    pos = progress.at(series_id)
    return Diagram(
        character=character,
        nodes=nodes,
        edges=edges,
        relations=sorted(
            relations,
            key=lambda r: (
                character.pk not in (r.subject_id, r.other_id),
                r.subject_id != character.pk,
                kind_order(r.kind),
                r.other.title,
            ),
        ),
        up=up_nodes,
        beside=[*left_nodes, *right_nodes],
        down=down_nodes,
        width=width,
        height=high - low,
        view_box=f"0 {low} {width} {high - low}",
        staged_at=storytime.code(pos) if pos < storytime.EVERYTHING else "",
    )


def _label(pair, center_pk) -> str:
    """What the person away from the character is to it; between two others,
    the tie as first recorded."""
    subject, other = pair[0].subject_id, pair[0].other_id
    if center_pk not in (subject, other):
        return pair[0].kind
    for relation in pair:
        if relation.subject_id != center_pk:
            return relation.kind
    return INVERSE.get(pair[0].kind, pair[0].kind)


def _edges(relations, by_pk, center_pk) -> list[Edge]:
    center_y = by_pk[center_pk].y
    pairs: dict = {}
    for relation in relations:
        key = frozenset((relation.subject_id, relation.other_id))
        pairs.setdefault(key, []).append(relation)
    edges = []
    for pair in pairs.values():
        one, two = by_pk[pair[0].subject_id], by_pk[pair[0].other_id]
        # The outer end is the one away from the character (or the upper one).
        if two.is_center or (not one.is_center and one.y < two.y):
            outer, inner = one, two
        else:
            outer, inner = two, one
        label = _label(pair, center_pk)
        edges.append(_edge(outer, inner, label, center_y))
    return edges


def _edge(outer: Node, inner: Node, label: str, center_y: int) -> Edge:
    half_w, half_h = NODE_WIDTH // 2, NODE_HEIGHT // 2
    is_former = label.startswith("former")
    if outer.y == inner.y:
        step = BESIDE_PITCH if outer.y == center_y else PITCH
        if abs(outer.x - inner.x) <= step:
            # Neighbours: a straight line across the gap, its label broken
            # into words to fit there.
            a, b = sorted((outer.x, inner.x))
            return Edge(
                f"M{a + half_w} {outer.y}H{b - half_w}",
                label,
                (a + b) // 2,
                outer.y - 6 * (label.count(" ")),
                is_former,
                tuple(label.split()),
            )
        # Farther apart: an arc under the row (over it, for the row above).
        bow = -1 if outer.y < center_y else 1
        edge_y = outer.y + bow * half_h
        control = edge_y + bow * ARC_DEPTH
        apex = (edge_y + control) // 2
        return Edge(
            f"M{outer.x} {edge_y}Q{(outer.x + inner.x) // 2} {control} "
            f"{inner.x} {edge_y}",
            label,
            (outer.x + inner.x) // 2,
            apex + bow * 4,
            is_former,
            (label,),
        )
    # Between rows: from the bottom of the upper box to the top of the lower.
    upper, lower = (outer, inner) if outer.y < inner.y else (inner, outer)
    x1, y1, x2, y2 = upper.x, upper.y + half_h, lower.x, lower.y - half_h
    # A tie to the character is labelled near the other end, where such lines
    # spread; a tie between two others near its lower end, out of their way.
    if inner.is_center and outer is upper:
        t = LABEL_FROM_OUTER
    else:
        t = 1 - LABEL_FROM_OUTER
    return Edge(
        f"M{x1} {y1}L{x2} {y2}",
        label,
        round(x1 + (x2 - x1) * t),
        round(y1 + (y2 - y1) * t),
        is_former,
        (label,),
    )
