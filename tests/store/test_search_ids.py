"""Short ids from the search cache's id list: read in place, and after a delta, the same as
`retro.ids.shortest_prefixes` over every id of the store."""

from __future__ import annotations

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from retro import ids
from retro.store import search_ids as si

# Few letters and short ids: ids that crowd, share long prefixes, repeat (a damaged store) and
# are prefixes of one another.
IDS = st.text(alphabet="ab", min_size=1, max_size=6).map("l".__add__)


def _merged(base: list[str], gone: list[str], added: list[str]) -> list[str]:
    out = Counter(base)
    out.subtract(Counter(gone))
    out.update(Counter(added))
    return sorted(out.elements())


def _expected(every: list[str], wanted: list[str]) -> dict[str, str]:
    prefixes = ids.shortest_prefixes(every)
    return {x: prefixes[x] for x in wanted}


@settings(max_examples=400)
@given(st.lists(IDS, max_size=30), st.data())
def test_after_any_change_the_short_ids_are_those_of_every_id(
    base: list[str], data: st.DataObject
) -> None:
    base.sort()
    gone = data.draw(st.lists(st.sampled_from(base), unique=True) if base else st.just([]))
    added = data.draw(st.lists(IDS, max_size=8))
    merged = si.MergedIds(base, gone, added)
    every = _merged(base, gone, added)
    assert merged.shortest_among(every) == _expected(every, every)
    assert all(merged.count(x) == every.count(x) for x in set(base) | set(added))
    # Only the ids next to a change can have a new short id.
    before = _expected(base, base)
    after = _expected(every, every)
    assert {x for x in every if x in before and before[x] != after[x]} <= merged.changed_near()


@settings(max_examples=200)
@given(st.lists(st.text(alphabet="0123456789abc", min_size=5, max_size=5), max_size=40))
def test_ids_of_one_width_are_read_in_place(found: list[str]) -> None:
    ordered = sorted("l" + x for x in found)
    raw, width = si.encode_ids(ordered)
    assert width == (6 if ordered else 0)
    block = si.decode_ids(b"head" + raw, 4, 4 + len(raw), width)
    assert list(block) == ordered and len(block) == len(ordered)
    assert [block[i] for i in range(-len(ordered), len(ordered))] == ordered * 2
    assert si.shortest_among(block, ordered) == si.shortest_among(ordered, ordered)


def test_other_ids_are_kept_as_json() -> None:
    for ordered in (["l1", "l22"], ["lé", "lë"], []):
        raw, width = si.encode_ids(ordered)
        assert width == 0
        assert list(si.decode_ids(raw, 0, len(raw), 0)) == ordered
