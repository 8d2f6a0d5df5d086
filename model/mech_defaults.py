"""Mechanism switches: each main mechanism of the model can be switched off (all on by default).

A switched-off mechanism leaves a run that still works; the validation uses the switches to show
that each field pattern disappears without the mechanism that produces it. A mechanism that never
acts in a scenario (funder review without an NGO, say) leaves the run bit-identical when switched
off: every mechanism draws from random streams of its own.
"""

from __future__ import annotations

from yingzao.model.params import Param as P

_SRC = "mechanism switch (docs/ODD.md, section 7)"

# key, what it switches off
SWITCHES = {
    "social_influence": "the pull of active contacts on joining and taking part (contagion)",
    "span": "the organizing span: groups engage only as many members as they can organize",
    "events": "open events of functional groups (clean-ups, visit days) for non-members",
    "building_heads": "building heads' courtyard meetings and door-to-door work",
    "coaching": "accompaniment by the NGO (capacity, conversion, recruitment drives; without "
    "coached groups no federation can form)",
    "founding_help": "the NGO helping the leaders it visited start their groups",
    "linked_money": "foundation money the NGO links to the groups it coaches",
    "federation_coaching": "coaching of weaker groups by the federation after the NGO leaves",
    "federation": "the federation itself (founding, membership, its protection and pull)",
    "registration": "registration (备案) as observed: without it every group counts as registered",
    "public_space": "the limit public space puts on recreation",
    "funder_review": "the funder's review of the NGO contract (and its early end)",
    "committee_time": "the committee's time budget: without it, facilitation is its practice alone",
    "gatekeeping": "a distrustful committee keeping a visiting NGO out",
    "ngo_drift": "an incubating NGO drifting toward substitution under pressure",
    "money_shock": "the disruption of groups by outside money that stops unexpectedly",
    "materials": "money for materials: without it output does not depend on money",
    "crisis_teams": "crisis volunteers forming teams that may persist",
    "enterprise": "social enterprises of strong functional groups",
    "learning": "learning by doing (group capacity and leaders' skill grow with output)",
}

# Interactions between the communities of a city (model/city_rules.py): they act only in city
# runs, so a single community or a street is the same with them on or off.
CITY_SWITCHES = {
    "review_budget": "budgets allocated across a city's communities by review",
    "practice_spread": "committees learning facilitation from model communities of their street",
    "leader_peers": "city trainees learning from street-mates of model communities in the cohort",
    "city_federation": "a federation across the communities of a street coaching their groups",
    "ngo_moves": "an NGO moving on to other communities of its street when its contract ends",
}

MECHANISMS = [
    P(f"mech.{k}", True, "on/off", source=_SRC, doc=doc)
    for k, doc in {**SWITCHES, **CITY_SWITCHES}.items()
]
