"""Names for resident groups, so a workshop can follow one group's life ("Harmony Elder Helpers").

A name is drawn from the run's seed and the group's id alone (a hash, not the model's random
streams), so the same run always gives the same names and naming never changes a run; no two
groups of a run share a name. The two languages use parallel word lists: a group has the same
name in both.
"""

from __future__ import annotations

import hashlib
import math

from yingzao.model.defaults import CATEGORIES

# (English, 中文): pleasant neighbourhood words, as groups in the field name themselves
_PREFIX: tuple[tuple[str, str], ...] = (
    ("Harmony", "和美"),
    ("Sunshine", "阳光"),
    ("Maple", "红枫"),
    ("Osmanthus", "桂花"),
    ("Plane Tree", "梧桐"),
    ("Sunflower", "向日葵"),
    ("Together", "同心"),
    ("Happy Home", "幸福家园"),
    ("Spring Light", "春晖"),
    ("Lotus", "荷花"),
    ("Old Well", "老井"),
    ("Courtyard", "大院"),
    ("Warm Heart", "暖心"),
    ("Evergreen", "常青"),
    ("Bamboo", "翠竹"),
    ("Morning Star", "晨星"),
    ("Neighbours'", "邻里"),
    ("Silver Age", "银龄"),
    ("Peony", "牡丹"),
    ("Willow", "杨柳"),
    ("Rainbow", "彩虹"),
    ("Peace", "安康"),
    ("Kind Hands", "善手"),
    ("Good Neighbours", "好邻居"),
)
# per category: (English, 中文) kinds of group
_NOUN: dict[str, tuple[tuple[str, str], ...]] = {
    "elder_care": (("Elder Helpers", "助老队"), ("Elder Companions", "陪伴老人小组")),
    "child_care": (("Children's Corner", "四点半课堂"), ("Parents' Circle", "亲子互助组")),
    "environment": (("Green Team", "环保小组"), ("Clean-up Crew", "清洁志愿队")),
    "courtyard": (("Courtyard Council", "院落议事会"), ("Yard Keepers", "院落自管会")),
    "mutual_aid": (("Mutual Aid Society", "互助社"), ("Helping Hands", "邻里守望队")),
    "recreation": (("Choir", "合唱团"), ("Dance Team", "广场舞队"), ("Tai Chi Club", "太极拳队")),
}


# strides through the prefixes that visit every one of them (coprime with their number)
_STEPS = tuple(k for k in range(1, len(_PREFIX)) if math.gcd(k, len(_PREFIX)) == 1)


def _hash(seed: int, gid: int, salt: str) -> int:
    h = hashlib.blake2s(f"{seed}:{gid}:{salt}".encode(), digest_size=4).digest()
    return int.from_bytes(h, "big")


def group_name(seed: int, gid: int, kind: int, lang: str) -> str:
    """The name of group ``gid`` of a run with ``seed``, in category ``kind`` (an index).

    The prefix stays with the group for its whole life; the kind of group follows its current
    category (a choir that takes on elder care becomes "... Elder Helpers").
    """
    p = len(_PREFIX)
    # each run deals the prefixes out in its own order, one per group: no two groups of a run
    # share one, and from the (p+1)-th group on a round number keeps the names apart
    step = _STEPS[_hash(seed, 0, "step") % len(_STEPS)]
    prefix = _PREFIX[(_hash(seed, 0, "prefix") + gid * step) % p]
    nouns = _NOUN[CATEGORIES[kind]]
    noun = nouns[_hash(seed, gid, "noun") % len(nouns)]
    again = gid // p + 1
    if lang == "zh":
        return prefix[1] + noun[1] + (f"（{again}）" if again > 1 else "")
    return f"{prefix[0]} {noun[0]}" + (f" {again}" if again > 1 else "")


def building_name(b: int, lang: str) -> str:
    """A building's name: ``Building 12`` / ``12 号楼`` (counted from 1)."""
    return f"{b + 1} 号楼" if lang == "zh" else f"Building {b + 1}"
