"""Per-session state of the app.

Solara keeps a separate value of every ``solara.reactive`` for each browser session (kernel), so
two people using one server never see each other's mixes, results or workshop model. Models are
only ever created inside a session, never at import time.
"""

from __future__ import annotations

import os

import solara
from yingzao.app.mix import from_scenario
from yingzao.app.share import Settings
from yingzao.scenarios import load

DEFAULT_PRESET = os.environ.get("YINGZAO_APP_SCENARIO", "support-3y")
DEFAULT_RESIDENTS = 2000


def default_mix(preset: str = DEFAULT_PRESET) -> dict:
    """The controls of ``preset``, at 2,000 residents (a quick run).

    A street keeps its own communities' sizes, and runs two simulations (each runs every
    community of the street).
    """
    from yingzao.app.street_view import is_street

    m = from_scenario(load(preset))
    if is_street(preset):
        return {**m, "reps": 2}
    return {**m, "residents": DEFAULT_RESIDENTS}


lang = solara.reactive("en")
tab = solara.reactive("whatif")
opened = solara.reactive(False)  # the browser has said which address it opened
link_problems = solara.reactive([])  # (i18n key, args) of parts of the opening link not used
library = solara.reactive(None)  # saved mixes of this browser: [{name, query, saved}], or None
notice = solara.reactive(None)  # (kind, i18n key, args): the last save/open/copy said
kept = solara.reactive({})  # address parameters kept as they came (the join code)
copy_rev = solara.reactive(0)  # a change asks the browser to copy the link
scroll_to = solara.reactive("")  # "selector#n": the browser scrolls to that control

# what-if
preset = solara.reactive(DEFAULT_PRESET)
mix = solara.reactive(default_mix())  # last valid value of every control
raw = solara.reactive({})  # text typed into a control, while it differs from its value
errors = solara.reactive({})  # control -> (i18n key, args)
extra = solara.reactive({})  # scenario keys beyond the controls (from a file or a link)
whatif = solara.reactive(None)  # (Comparison, label, seconds, settings key) of the last run
whatif_error = solara.reactive("")
street_communities = solara.reactive(None)  # a street's communities per run, with its result
running_reps = solara.reactive(10)  # runs of the what-if run in progress (for its progress)

# compare
slots = solara.reactive(["support-3y", "support-8y", "", ""])
compare_residents = solara.reactive(str(DEFAULT_RESIDENTS))  # text as typed
compare_reps = solara.reactive("10")
comparison = solara.reactive(None)  # (Comparison, seconds, descriptions)
compare_error = solara.reactive("")

# workshop
workshop = solara.reactive(None)  # a yingzao.app.workshop_session.Session
workshop_tick = solara.reactive(0)
presentation = solara.reactive(False)


def settings() -> Settings:
    """The session's settings, as a link carries them."""
    return Settings(
        lang=lang.value,
        page=tab.value,
        preset=preset.value,
        mix=dict(mix.value),
        raw=dict(raw.value),
        errors=dict(errors.value),
        extra=dict(extra.value),
        slots=list(slots.value),
        compare_residents=compare_residents.value,
        compare_reps=compare_reps.value,
        kept=dict(kept.value),
    )


def apply_mix(s: Settings) -> None:
    """Put the what-if part of ``s`` on the page (case, controls, their errors, extras)."""
    preset.set(s.preset)
    mix.set(dict(s.mix))
    raw.set(dict(s.raw))
    errors.set(dict(s.errors))
    extra.set(dict(s.extra))


def apply(s: Settings) -> None:
    """Put everything ``s`` carries on the page."""
    lang.set(s.lang)
    tab.set(s.page)
    apply_mix(s)
    slots.set(list(s.slots))
    compare_residents.set(s.compare_residents)
    compare_reps.set(s.compare_reps)
    link_problems.set(list(s.problems))
    kept.set(dict(s.kept))
