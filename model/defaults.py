"""Every parameter of the model and of its policies, declared once.

Sources: "field" figures are from the case reports summarised in shared/DOMAIN.md (Chengdu,
Beijing Daxing Qingyuan, Wuhan Changqing Garden, Ai You Xi, NPI); papers are cited by author and
year (docs/ODD.md, References); "assumption" is an honest guess. ``TUNED`` marks values set by
hand so that the field patterns can emerge over many seeds and not calibrated; "calibrated"
values come from the calibration record that :mod:`calibrated_defaults` names
(docs/calibration.md), applied to the declarations below.

The declarations are split by subject: this file (run, community, network, residents, needs),
:mod:`groups_defaults` (participation, learning, events, groups, founding, leaders, public space,
registration), :mod:`institutions_defaults` (trust, the committee, building heads, the funder),
:mod:`policies_defaults` (the policies) and :mod:`mech_defaults` (mechanism switches).
"""

from __future__ import annotations

from yingzao.model.params import Param as P

PROFILES = (
    "old-courtyard",
    "commodity-estate",
    "migrant-area",
    "villa-estate",
    "super-large-estate",
    "rural-village",
)
CATEGORIES = ("elder_care", "child_care", "environment", "courtyard", "mutual_aid", "recreation")
FUNCTIONAL = CATEGORIES[:5]
POLICIES = (
    "grants",
    "procurement",
    "training",
    "committee_training",
    "ngo",
    "fund",
    "withdrawal",
    "crisis",
)

# fmt: off
# (a table reads better one declaration per line or two than in the formatter's layout)
_MODEL = [
    # --- run and community -----------------------------------------------------------------------
    P("run.months", 120, "months", 1, 600, "MODEL-SKETCH: runs of 120-240 months", "run length"),
    P("run.cohort_month", 0, "month", 0, 600, "observation setting (no rule reads it)",
      "month whose living functional groups are followed as a cohort (summary keys cohort_*); "
      "0 = none. Set the same month in arms with and without a withdrawal to compare them"),
    P("community.profile", "old-courtyard", "profile", source="DOMAIN.md community profiles",
      doc="community type; sets the defaults marked 'profile'", choices=PROFILES),
    P("community.residents", 5000, "adult residents", 100, 200_000,
      "field: 1,000-20,000 per community (upper bound admits estates like Changqing)",
      "number of adult residents"),
    P("community.household_size", 2.6, "adults per household", 1.0, 6.0,
      "MODEL-SKETCH: about 2.6 people per household", "mean household size"),
    P("community.building_households", 60, "households", 10, 400,
      "MODEL-SKETCH: buildings/courtyards of 30-120 households", "households per building"),
    P("community.retiree_share", 0.3, "share", 0.0, 1.0, "profile (DOMAIN.md)",
      "share of residents who are retired"),
    P("community.groups_per_1000", 3.0, "groups per 1,000 residents", 0.0, 100.0,
      "field: Changqing about 1 registered group per 1,000; unregistered ones more numerous",
      "resident groups existing at month 0"),
    P("community.functional_share0", 0.1, "share", 0.0, 1.0,
      "field: before incubation almost all groups were recreational",
      "functional share of the groups existing at month 0"),
    P("community.turnover", 0.002, "per month", 0.0, 0.1,
      "profile: migrant areas turn over fastest",
      "share of residents who move out and are replaced"),
    P("initial.max_age", 60, "months", 0, 600, "assumption: existing groups up to 5 years old",
      "oldest age of a group existing at month 0 (ages drawn uniformly)"),
    P("initial.members_functional", 4, "members", 0, 100,
      "field: a lone leader's team of 3 (DOMAIN.md)",
      "most members beyond group.min_members of an existing functional group (drawn uniformly)"),
    P("initial.members_recreational", 10, "members", 0, 500, "assumption",
      "most members beyond group.min_members of an existing recreational group (drawn uniformly)"),
    P("initial.propensity_low", 0.4, "probability", 0.0, 1.0, "assumption",
      "lowest engagement propensity of an existing group's members"),
    P("initial.propensity_high", 0.9, "probability", 0.0, 1.0, "assumption",
      "highest engagement propensity of an existing group's members"),
    P("initial.capacity_high", 0.3, "0-1", 0.0, 1.0, "assumption: no outside coaching yet",
      "highest capacity of an existing group (drawn uniformly from 0)"),
    # --- network ---------------------------------------------------------------------------------
    P("network.local_degree", 6.0, "ties per resident", 0.0, 30.0,
      "profile: dense local ties in courtyards, weak in estates of strangers",
      "mean ties within the same building, beyond the household"),
    P("network.cross_degree", 2.0, "ties per resident", 0.0, 20.0, "profile",
      "mean ties to residents of other buildings"),
    P("network.cross_locality", 0.7, "share", 0.0, 1.0, "assumption: most ties are near",
      "share of cross-building ties that go to an adjacent building"),
    P("network.sociability_sd", 0.6, "log-sd", 0.0, 2.0, "assumption: heavy-tailed sociability",
      "spread of sociability (who has many cross ties)"),
    P("network.stairwell_households", 12, "households", 1, 400,
      "assumption: a stairwell (单元) of 6 floors x 2 households",
      "households sharing a stairwell"),
    P("network.stairwell_locality", 0.6, "share", 0.0, 1.0,
      "assumption: neighbours know their own stairwell best; Centola & Macy 2007 (clustering)",
      "share of ties inside a building that stay in the stairwell"),
    P("network.w_household", 1.0, "tie strength", 0.0, 1.0, "Granovetter 1973 (strong ties)",
      "strength of a tie inside a household"),
    P("network.w_building", 0.6, "tie strength", 0.0, 1.0, "assumption (Granovetter 1973)",
      "strength of a tie between neighbours of one building"),
    P("network.w_cross", 0.3, "tie strength", 0.0, 1.0, "Granovetter 1973 (weak ties)",
      "strength of a tie to another building"),
    # --- residents -------------------------------------------------------------------------------
    P("resident.spirit_mean", 0.3, "0-1", 0.0, 1.0,
      "field: most residents are passive ('the committee solves it')", "mean public spirit"),
    P("resident.spirit_concentration", 5.0, "beta a+b", 0.5, 100.0, "assumption",
      "concentration of public spirit around its mean (larger: more alike)"),
    P("resident.skill_mean", 0.15, "0-1", 0.0, 1.0,
      "field: leaders are few; 'don't know how to mobilize residents'", "mean organizing skill"),
    P("resident.skill_concentration", 6.0, "beta a+b", 0.5, 100.0,
      "assumption: a few per cent reach the leader level at the default mean",
      "concentration of organizing skill around its mean"),
    P("resident.trust_nb_mean", 0.5, "0-1", 0.0, 1.0, "profile", "mean trust in neighbours"),
    P("resident.trust_cm_mean", 0.45, "0-1", 0.0, 1.0, "profile", "mean trust in the committee"),
    P("resident.trust_concentration", 8.0, "beta a+b", 0.5, 100.0, "assumption",
      "concentration of both trusts around their means"),
    P("resident.free_time_retired", 0.7, "share of a volunteer month", 0.0, 1.0,
      "field: retirees have much free time", "free time of a retired resident"),
    P("resident.free_time_working", 0.2, "share of a volunteer month", 0.0, 1.0,
      "assumption: commuters have little", "free time of a working resident"),
    P("resident.free_time_sd", 0.3, "log-sd", 0.0, 2.0, "assumption",
      "spread of free time around its mean"),
    P("resident.purse_mean", 20.0, "yuan per month", 0.0, 2000.0,
      "profile; field: courtyard projects raise >= 50% from residents",
      "what a resident can give to community purposes"),
    P("resident.purse_sd", 0.8, "log-sd", 0.0, 3.0, "assumption: skewed incomes",
      "spread of what residents can give"),
    P("resident.leader_skill", 0.5, "0-1", 0.1, 1.0,
      "assumption (a few per cent of residents at default skill)",
      "skill at which a resident leads"),
    P("resident.organizer_skill", 0.45, "0-1", 0.0, 1.0, "assumption",
      "skill at which a resident can start a recreational group"),
    # --- needs -----------------------------------------------------------------------------------
    P("needs.elder_care", 0.5, "0-1", 0.0, 1.0, "profile", "mean base need for elder care"),
    P("needs.child_care", 0.3, "0-1", 0.0, 1.0, "profile", "mean base need for child care"),
    P("needs.environment", 0.45, "0-1", 0.0, 1.0, "profile", "mean base need: environment"),
    P("needs.courtyard", 0.5, "0-1", 0.0, 1.0, "profile",
      "mean base need: courtyard quasi-property management"),
    P("needs.mutual_aid", 0.3, "0-1", 0.0, 1.0, "profile", "mean base need for mutual aid"),
    P("needs.recreation", 0.5, "0-1", 0.0, 1.0, "profile", "mean base need for recreation"),
    P("needs.life_stage", 0.3, "factor", 0.0, 1.0,
      "assumption: retirees feel elder care and recreation more, working families child care",
      "retirees' need for elder care and recreation x (1 + f), child care x (1 - f); working "
      "residents the other way round"),
    P("resident.need_concentration", 4.0, "beta a+b", 0.5, 100.0, "assumption",
      "concentration of base needs around their means"),
    P("needs.recurrence", 0.1, "per month", 0.0, 1.0,
      "assumption: problems recur within about a year", "pull of need back to its base level"),
    P("needs.service_effect", 0.5, "share per month", 0.0, 1.0, "assumption",
      "share of need removed per month at full service"),
]

# A street (街道) of communities (model/street.py). Not a policy: street.* keys say how many
# communities there are, how they differ, and how the street splits the grants budget.
_STREET = [
    P("street.communities", 1, "communities", 1, 30,
      "field: a street is 6-30 communities (Qingyuan 28, Changqing 6)",
      "communities in the street; 1 = a single community, more = a street run"),
    P("street.residents", 0, "adult residents", 0, 2_000_000,
      "field: Qingyuan street about 130,000 residents",
      "residents of the whole street; 0 = street.communities x community.residents"),
    P("street.size_spread", 0.5, "log-sd", 0.0, 2.0,
      "assumption: communities differ several-fold (field: 1,000-20,000 each)",
      "spread of community sizes (lognormal; at least 200 residents each)"),
    *[
        P(f"street.mix_{prof.replace('-', '_')}", 0.0, "relative weight", 0.0, 100.0,
          "scenario", f"weight of {prof} communities in the street (all 0: every community "
          "has community.profile)")
        for prof in PROFILES
    ],
    P("street.allocation", "per_household", "rule",
      source="field: Chengdu budget per 100 households; Qingyuan competitive review",
      doc="how the street splits the grants budget among its communities",
      choices=("per_household", "review")),
]

# fmt: on

from yingzao.model.calibrated_defaults import CALIBRATED, RECORD  # noqa: E402
from yingzao.model.city_defaults import CITY_PARAMS  # noqa: E402
from yingzao.model.groups_defaults import GROUPS  # noqa: E402
from yingzao.model.institutions_defaults import INSTITUTIONS  # noqa: E402
from yingzao.model.mech_defaults import MECHANISMS  # noqa: E402
from yingzao.model.policies_defaults import POLICY_PARAMS  # noqa: E402


def _calibrated(p: P) -> P:
    """A declaration with its calibrated default, if the calibration record sets it."""
    if p.key not in CALIBRATED:
        return p
    from dataclasses import replace

    return replace(p, default=p.kind(CALIBRATED[p.key]), source=f"calibrated: {RECORD}")


DECLARATIONS: dict[str, P] = {
    p.key: _calibrated(p)
    for p in _MODEL + GROUPS + INSTITUTIONS + MECHANISMS + POLICY_PARAMS + _STREET + CITY_PARAMS
}
