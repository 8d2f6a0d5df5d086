"""The workshop's picture of a community, as data for the browser to draw.

Buildings are blocks on a grid in street order (a snake, so buildings next in order are next on
the map), with lanes between them; residents are dots inside their building, households side
by side; each dot is coloured by the resident's level of participation. A group is shown where
it works: a name badge on the building most of its members live in, and, when picked, the
buildings it serves. The layout is computed once per model; a frame is a string of one digit per
resident and a short list of groups, so the browser redraws 8,000 residents in milliseconds.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from yingzao.app.group_names import group_name
from yingzao.model.state import REC

# the participation ladder of Model 2.0 (yingzao.model.ladder.LEVELS), lowest first
LEVELS = ("passive", "occasional", "volunteer", "member", "core")
COLORS = ("#dcdcdc", "#9ecae1", "#fd8d3c", "#31a354", "#a50f15")
SCALE = 1000  # layout coordinates are integers in 0..SCALE (wide side)
_LANE = 0.16  # share of a grid cell left as lane between blocks


def levels(model) -> np.ndarray:
    """Each resident's level (index into :data:`LEVELS`).

    Uses the model's own ladder where it has one (Model 2.0); otherwise reads the same levels
    off what residents did: core = leads a group, member = in a functional group, volunteer =
    public work in the last 3 months, occasional = in a recreational group or active this month.
    """
    ladder = getattr(model, "ladder", None)
    if callable(ladder):
        return np.asarray(ladder(), dtype=np.int8)
    r, o = model.res, model.orgs
    g = r.groups
    gi = np.maximum(g, 0)
    has = g >= 0
    functional = (has & (o.kind[gi] != REC)).any(axis=1)
    recreational = (has & (o.kind[gi] == REC)).any(axis=1)
    lv = np.zeros(r.building.size, dtype=np.int8)
    lv[recreational | r.engaged] = 1
    lv[r.last_public >= model.month - 3] = 2
    lv[functional] = 3
    lv[r.leads >= 0] = 4
    return lv


def layout(building: np.ndarray, aspect: float = 1.6) -> dict[str, Any]:
    """Blocks and dot positions for residents with building ids ``building`` (0..B-1).

    Args:
        building: Building id of each resident (residents of a household are consecutive).
        aspect: Width over height of the picture.

    Returns:
        ``{"w", "h"}`` (picture size in layout units), ``"blocks"``: ``[x, y, w, h]`` per
        building, ``"x"``, ``"y"``: each resident's dot, ``"cell"``: dot spacing per building.

    """
    n = building.size
    nb = int(building.max()) + 1 if n else 0
    cols = max(1, math.ceil(math.sqrt(nb * aspect)))
    rows = max(1, math.ceil(nb / cols))
    unit = SCALE / max(cols, rows * aspect)  # a grid cell, in layout units
    b = np.arange(nb)
    row, col = b // cols, b % cols
    col = np.where(row % 2 == 1, cols - 1 - col, col)  # snake: neighbours in street order adjoin
    pad = unit * _LANE / 2
    bx, by = col * unit + pad, row * unit + pad
    side = unit - 2 * pad
    order = np.argsort(building, kind="stable")  # households stay together within a building
    size = np.bincount(building, minlength=nb)
    start = np.r_[0, np.cumsum(size)[:-1]]
    k = np.empty(n, dtype=np.int64)
    k[order] = np.arange(n) - np.repeat(start, size)
    per_row = np.maximum(1, np.ceil(np.sqrt(size))).astype(np.int64)
    nrows = np.maximum(1, np.ceil(size / per_row)).astype(np.int64)
    cell = side / np.maximum(per_row, nrows)
    # a block's top strip holds its group badges; dots fill the rest
    top = side * 0.26
    cell = np.minimum(cell, (side - top) / nrows)
    i, j = k // per_row[building], k % per_row[building]
    inner = (side - per_row * cell) / 2
    x = bx[building] + inner[building] + (j + 0.5) * cell[building]
    y = by[building] + top + (i + 0.5) * cell[building]
    return {
        "w": round(cols * unit),
        "h": round(rows * unit),
        "blocks": [
            [round(a), round(c), round(side), round(side)] for a, c in zip(bx, by, strict=True)
        ],
        "x": np.round(x).astype(int).tolist(),
        "y": np.round(y).astype(int).tolist(),
        "cell": np.round(cell, 1).tolist(),
        "top": round(top),
    }


def group_homes(model) -> dict[int, tuple[int, list[int], int]]:
    """Per living group: the building most members live in, the buildings it serves, its size."""
    rid, gid = model.memberships()
    if gid.size == 0:
        return {}
    bld = model.res.building[rid]
    order = np.lexsort((bld, gid))
    gid, bld = gid[order], bld[order]
    out: dict[int, tuple[int, list[int], int]] = {}
    cuts = np.flatnonzero(np.diff(gid)) + 1
    for g_members, b_members in zip(np.split(gid, cuts), np.split(bld, cuts), strict=True):
        g = int(g_members[0])
        if not model.orgs.alive[g]:
            continue
        served, counts = np.unique(b_members, return_counts=True)
        home = int(served[np.argmax(counts)])
        out[g] = (home, served.astype(int).tolist(), int(b_members.size))
    return out


def frame(model, lang: str) -> dict[str, Any]:
    """What changes from month to month: levels, the groups and where they are."""
    lv = levels(model)
    groups = []
    rec_count = np.zeros(model.n_buildings, dtype=int)
    for g, (home, served, size) in group_homes(model).items():
        kind = int(model.orgs.kind[g])
        if kind == REC:
            rec_count[home] += 1
            continue
        groups.append(
            {
                "id": g,
                "name": group_name(model.seed, g, kind, lang),
                "home": home,
                "served": served,
                "size": size,
            }
        )
    groups.sort(key=lambda d: -d["size"])
    counts = np.bincount(lv, minlength=len(LEVELS))
    return {
        "levels": (lv.astype(np.uint8) + 48).tobytes().decode("ascii"),  # "0".."4" per resident
        "groups": groups,
        "rec": rec_count.tolist(),
        "counts": counts.tolist(),
    }
