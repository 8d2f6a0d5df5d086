"""Declared parameters of a city (城市): its structure, its policies and how communities interact.

A scenario with ``city.communities`` above 0 is a city (``model/city_plan.py``): districts of
streets of communities, each community an ordinary community model. ``city_*`` sections are the
city-level policies (a policy table turns it on, as for community policies); the interactions
between communities each have a switch in :mod:`mech_defaults` (``CITY_SWITCHES``).

Sources: "field" figures are from the case reports summarised in shared/DOMAIN.md; the rest are
assumptions, said so.
"""

from __future__ import annotations

from yingzao.model.params import Param as P
from yingzao.model.profiles import PROFILE_VALUES

PROFILES = tuple(PROFILE_VALUES)
# City-level policies: a table of any of these in a city file turns that policy on.
CITY_POLICIES = ("city_fund", "city_training", "city_demo", "city_subset", "city_ngo")

_RULES = ("equal", "need", "review", "strong")

# fmt: off
_STRUCTURE = [
    P("city.communities", 0, "communities", 0, 100_000,
      "field: Chengdu 4,438 urban and rural communities",
      "communities in the city; 0 = not a city (a community or a street)"),
    P("city.districts", 20, "districts", 1, 1000,
      "assumption: Chengdu's 12 districts, 5 county-level cities and 3 counties",
      "districts (区/县) of the city"),
    P("city.street_communities", 17.0, "communities per street", 1.0, 100.0,
      "assumption: the middle of the field range of 6-30 communities per street",
      "mean communities per street; the city has round(city.communities / this) streets"),
    P("city.street_min", 6, "communities", 1, 1000, "field: a street is 6-30 communities",
      "fewest communities of a street"),
    P("city.street_max", 30, "communities", 1, 1000, "field: a street is 6-30 communities",
      "most communities of a street"),
    P("city.street_spread", 0.4, "log-sd", 0.0, 2.0,
      "assumption: streets differ about two-fold (field: 6-30)",
      "spread of the number of communities per street (lognormal weights)"),
    P("city.district_spread", 0.4, "log-sd", 0.0, 2.0,
      "assumption: 'a district tens of streets', some far more than others",
      "spread of the number of streets per district (lognormal weights)"),
    P("city.size_median", 3000, "adult residents", 100, 200_000,
      "assumption: with city.size_spread the mean is about 3,800 adults, i.e. about 17 M "
      "adults over 4,438 communities ('over 10 million adult residents')",
      "median community size"),
    P("city.size_spread", 0.7, "log-sd", 0.0, 3.0,
      "field: communities of 1,000-20,000 residents (a 20-fold range is about +-2 sd)",
      "spread of community sizes (lognormal, clipped to city.size_min-city.size_max)"),
    P("city.size_min", 1000, "adult residents", 100, 200_000,
      "field: a community holds roughly 1,000-20,000 residents", "smallest community"),
    P("city.size_max", 20000, "adult residents", 100, 200_000,
      "field: a community holds roughly 1,000-20,000 residents", "largest community"),
    *[
        P(f"city.mix_{prof.replace('-', '_')}", 0.0, "relative weight", 0.0, 100.0,
          "scenario", f"weight of {prof} communities in the city (all 0: every community "
          "has community.profile)")
        for prof in PROFILES
    ],
    P("city.sync_months", 12, "months", 1, 120,
      "field: the yearly funding and training cycle",
      "months between synchronization points, where the city reads its communities and "
      "decides (a divisor of 12 or a multiple of 12)"),
    P("city.record", "month", "rule", source="observation setting (no rule reads it)",
      doc="rows kept per community: one per month, or one per year (the year's last month)",
      choices=("month", "year")),
]

_FUND = [
    P("city_fund.enabled", False, "on/off", source="scenario",
      doc="public-service fund (公服资金) for every community, spent as participatory grants"),
    P("city_fund.start", 0, "month", 0, 600, "scenario", "first month"),
    P("city_fund.end", 600, "month", 0, 600, "scenario", "month it stops (exclusive)"),
    P("city_fund.per_100_households", 4000.0, "yuan per 100 households per year", 0.0, 1e6,
      "field: Chengdu >= 4,000 yuan per 100 urban households a year", "the fund's rate"),
    P("city_fund.budget", 0.0, "yuan per year", 0.0, 1e12,
      "scenario", "the city's yearly cap on the fund (0 = no cap: every community its rate)"),
    P("city_fund.allocation", "per_household", "rule",
      source="field: Chengdu per 100 households; Qingyuan competitive review",
      doc="how a pool is split: per household, or by review of the communities' results "
      "(mech.review_budget)", choices=("per_household", "review")),
    P("city_fund.pool", "street", "rule", source="field: streets review their communities",
      doc="the pool a review splits: each street's, each district's, or the city's money",
      choices=("street", "district", "city")),
]

_TRAINING = [
    P("city_training.enabled", False, "on/off", source="scenario",
      doc="city leader-training programme with limited places"),
    P("city_training.start", 0, "month", 0, 600, "scenario", "first month"),
    P("city_training.end", 600, "month", 0, 600, "scenario", "month it stops (exclusive)"),
    P("city_training.budget", 8_200_000.0, "yuan", 0.0, 1e12,
      "field: Chengdu 8.2 M (2016) and 12 M (2017) yuan for demonstration and training",
      "whole budget of the programme"),
    P("city_training.places", 2000, "trainees per year", 0, 10_000_000, "assumption",
      "places in the city's cohorts each year"),
    P("city_training.cost_per_trainee", 1500.0, "yuan", 0.0, 1e6, "assumption",
      "cost of one place"),
    P("city_training.rule", "equal", "rule",
      source="issue 13: equal, by need, by competitive review, to the already strong",
      doc="how places go to communities", choices=_RULES),
    P("city_training.max_per_community", 10, "trainees", 1, 10_000, "assumption",
      "most places one community gets in a year under need, review or strong"),
    P("city_training.review_noise", 0.3, "share of the score", 0.0, 5.0,
      "assumption: reviews are noisy", "spread of a community's review score (rule review)"),
    P("city_training.selection", "committee", "rule",
      source="field: committee lists vs NGO outreach", doc="whom a community sends",
      choices=("committee", "outreach")),
    P("city_training.noise", 0.2, "score units", 0.0, 5.0, "assumption",
      "how far chance decides whom a community sends"),
    P("city_training.skill_gain", 0.25, "0-1", 0.0, 1.0, "as training.skill_gain",
      "skill a trainee gains (toward 1)"),
    P("city_training.spirit_gain", 0.1, "0-1", 0.0, 1.0, "as training.spirit_gain",
      "public spirit a trainee gains (toward 1)"),
]

_SUPPORT = "a community scenario whose policy settings are applied (a built-in name or a path)"
_DEMO = [
    P("city_demo.enabled", False, "on/off", source="scenario",
      doc="demonstration communities (示范社区) with concentrated support"),
    P("city_demo.start", 0, "month", 0, 600, "scenario",
      "first month of the support (the support scenario's months count from here)"),
    P("city_demo.end", 600, "month", 0, 600, "scenario",
      "month the support stops (exclusive): its policies end here at the latest"),
    P("city_demo.per_district", 1, "communities", 0, 10_000,
      "assumption: each district names its demonstration communities",
      "demonstration communities per district"),
    P("city_demo.rule", "strong", "rule",
      source="field: demonstration communities are chosen among the better ones",
      doc="which communities are chosen, from their state at month 0",
      choices=("strong", "need", "random")),
    P("city_demo.support", "city-demo-support", "scenario", source="scenario", doc=_SUPPORT),
]

_SUBSET = [
    P("city_subset.enabled", False, "on/off", source="scenario",
      doc="a community-level policy mix applied to a chosen subset of communities"),
    P("city_subset.start", 0, "month", 0, 600, "scenario",
      "first month (the support scenario's months count from here)"),
    P("city_subset.end", 600, "month", 0, 600, "scenario",
      "month its policies end at the latest (exclusive)"),
    P("city_subset.support", "incubation", "scenario", source="scenario", doc=_SUPPORT),
    P("city_subset.rule", "random", "rule", source="scenario",
      doc="which communities, from their state at month 0",
      choices=("random", "need", "strong", "largest")),
    P("city_subset.share", 0.1, "share", 0.0, 1.0, "scenario",
      "share of the eligible communities chosen"),
    P("city_subset.profile", "any", "profile", source="scenario",
      doc="only communities of this profile are eligible", choices=("any", *PROFILES)),
]

_NGO = [
    P("city_ngo.enabled", False, "on/off", source="scenario",
      doc="NGO contracts that serve several communities of a street with shared staff"),
    P("city_ngo.start", 0, "month", 0, 600, "scenario", "first month"),
    P("city_ngo.end", 600, "month", 0, 600, "scenario",
      "month the programme stops (exclusive): no contract runs past it"),
    P("city_ngo.contracts", 20, "contracts", 0, 100_000,
      "field: Chengdu funded 100 NGO projects in 2016", "contracts the city runs at once"),
    P("city_ngo.communities", 4, "communities per contract", 1, 1000,
      "assumption: an NGO team works a few communities of a street at once",
      "communities one contract serves (its staff shared equally)"),
    P("city_ngo.months", 36, "months", 1, 600, "field: contracts typically a 3-year plan",
      "contract length"),
    P("city_ngo.budget", 1_080_000.0, "yuan per contract", 0.0, 1e10,
      "assumption: 3 staff x 36 months x 10,000 yuan", "budget of one contract"),
    P("city_ngo.strategy", "incubate", "rule", source="field: incubate vs substitute",
      doc="grow groups, or deliver services itself", choices=("incubate", "substitute")),
    P("city_ngo.entry", "visits", "rule", source="field: trust by visits vs street endorsement",
      doc="how the NGO enters", choices=("visits", "endorsement")),
    P("city_ngo.rule", "need", "rule", source="field: NGOs are sent where groups are fewest",
      doc="which streets get contracts, and which communities first",
      choices=("need", "random", "strong")),
]

_SPREAD = [
    P("city_spread.success_per_1000", 1.0, "functional groups per 1,000 residents",
      0.0, 100.0, "field: Changqing about one registered group per 1,000 after incubation",
      "functional groups per 1,000 residents at which a community is a model for its street"),
    P("city_spread.practice_rate", 0.02, "per month", 0.0, 1.0,
      "assumption: peers' visits move a committee slowly (committee.practice_decay pulls back)",
      "share of the gap to the best model committee of the street closed each month "
      "(mech.practice_spread)"),
    P("city_spread.peer_bonus", 0.5, "factor", 0.0, 10.0,
      "assumption: leaders trained together learn from peers who made it work",
      "extra skill gain of a trainee whose street-mates in the cohort all come from model "
      "communities (mech.leader_peers)"),
    P("city_spread.federation_min", 2, "communities", 1, 1000,
      "field: Ai You Xi's mutual-aid network across communities",
      "communities of a street with a federation that form a street federation "
      "(mech.city_federation)"),
    P("city_spread.federation_groups", 2, "groups per month", 0, 100, "assumption",
      "weakest groups the street federation coaches each month in a community without an NGO"),
    P("city_spread.federation_strength", 0.3, "0-1", 0.0, 1.0,
      "assumption: peers coach less than an NGO", "strength of that coaching"),
]
# fmt: on

CITY_PARAMS = _STRUCTURE + _FUND + _TRAINING + _DEMO + _SUBSET + _NGO + _SPREAD
