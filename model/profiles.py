"""The six community profiles of DOMAIN.md as parameter overrides.

A profile sets the defaults that differ between kinds of community (ties, trust, money, needs,
turnover, public space). A scenario file can still override any of them. The values are read
from the field descriptions (e.g. "old courtyard: dense local ties, many retirees"; "migrant
bungalow area: high need, low money, turnover"); they are orders of magnitude, not
measurements. Public space (``space.per_1000``, recreational participants the squares and rooms
can host) is an assumption read from the same descriptions: scarce in old courtyards and migrant
areas, ample in super-large estates with their squares.
"""

from __future__ import annotations

_NEEDS = ("elder_care", "child_care", "environment", "courtyard", "mutual_aid", "recreation")


def _needs(*values: float) -> dict[str, float]:
    return {f"needs.{k}": v for k, v in zip(_NEEDS, values, strict=True)}


PROFILE_VALUES: dict[str, dict[str, object]] = {
    # Old courtyard neighbourhood: dense local ties, many retirees, courtyard problems.
    "old-courtyard": {
        "community.retiree_share": 0.35,
        "community.building_households": 40,
        "community.turnover": 0.002,
        "network.local_degree": 7.0,
        "network.cross_degree": 2.0,
        "resident.trust_nb_mean": 0.6,
        "resident.trust_cm_mean": 0.5,
        "resident.purse_mean": 20.0,
        "space.per_1000": 60.0,
        **_needs(0.5, 0.25, 0.45, 0.55, 0.3, 0.5),
    },
    # Commodity-housing estate of strangers: low trust, weak ties, a property company.
    "commodity-estate": {
        "community.retiree_share": 0.15,
        "community.building_households": 100,
        "community.turnover": 0.005,
        "network.local_degree": 3.0,
        "network.cross_degree": 2.0,
        "resident.trust_nb_mean": 0.3,
        "resident.trust_cm_mean": 0.35,
        "resident.purse_mean": 50.0,
        "space.per_1000": 80.0,
        **_needs(0.3, 0.45, 0.3, 0.35, 0.15, 0.45),
    },
    # Migrant bungalow area: high need, little money, high turnover, little free time.
    "migrant-area": {
        "community.retiree_share": 0.08,
        "community.building_households": 50,
        "community.turnover": 0.02,
        "network.local_degree": 5.0,
        "network.cross_degree": 2.0,
        "resident.trust_nb_mean": 0.35,
        "resident.trust_cm_mean": 0.3,
        "resident.purse_mean": 5.0,
        "resident.free_time_working": 0.12,
        "space.per_1000": 40.0,
        **_needs(0.2, 0.55, 0.55, 0.4, 0.6, 0.3),
    },
    # Villa estate: rich, low need for services, few ties.
    "villa-estate": {
        "community.retiree_share": 0.25,
        "community.building_households": 30,
        "community.turnover": 0.004,
        "network.local_degree": 2.0,
        "network.cross_degree": 1.5,
        "resident.trust_nb_mean": 0.35,
        "resident.trust_cm_mean": 0.4,
        "resident.purse_mean": 200.0,
        "space.per_1000": 60.0,
        **_needs(0.2, 0.15, 0.1, 0.1, 0.05, 0.4),
    },
    # Super-large estate: many educated retirees, many recreational groups, few service groups.
    "super-large-estate": {
        "community.retiree_share": 0.3,
        "community.building_households": 120,
        "community.turnover": 0.004,
        "network.local_degree": 4.0,
        "network.cross_degree": 2.5,
        "resident.trust_nb_mean": 0.4,
        "resident.trust_cm_mean": 0.4,
        "resident.purse_mean": 40.0,
        "resident.skill_mean": 0.2,
        "space.per_1000": 150.0,
        **_needs(0.45, 0.35, 0.3, 0.3, 0.2, 0.65),
    },
    # Rural village: kin ties, a village council tradition, little money.
    "rural-village": {
        "community.retiree_share": 0.3,
        "community.building_households": 25,
        "community.turnover": 0.003,
        "network.local_degree": 7.0,
        "network.cross_degree": 3.0,
        "resident.trust_nb_mean": 0.65,
        "resident.trust_cm_mean": 0.55,
        "resident.purse_mean": 10.0,
        "committee.facilitation": 0.3,
        "space.per_1000": 80.0,
        **_needs(0.55, 0.3, 0.5, 0.3, 0.4, 0.35),
    },
}
