"""Groups named in a classroom's decisions, found again in another run of the same seed."""

from __future__ import annotations

__all__ = ["LISTS", "find_groups", "group_key"]

LISTS = ("recognize", "accompany")  # decisions that name groups by id


def group_key(m, g: int) -> tuple[int, int, int]:
    """What identifies group ``g`` across two runs of one seed: founding month, origin, leader.

    Ids are given in founding order, so a run where someone founded a group numbers the later
    groups differently; a rerun finds a named group again by this key (or not at all).
    """
    o = m.orgs
    return int(o.founded[g]), int(o.origin[g]), int(o.leader[g])


def find_groups(m, keys: list[tuple[int, int, int]]) -> list[int]:
    """Ids in model ``m`` of the live groups with these keys (keys not found are left out)."""
    o = m.orgs
    live = o.live()
    have = {group_key(m, int(g)): int(g) for g in live}
    return [have[tuple(k)] for k in keys if tuple(k) in have]
