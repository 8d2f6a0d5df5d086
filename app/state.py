"""Per-session state of the app.

Solara keeps a separate value of every ``solara.reactive`` for each browser session (kernel), so
two people using one server never see each other's mixes, results or workshop model. Models are
only ever created inside a session, never at import time.
"""

from __future__ import annotations

import os

import solara
from yingzao.app.mix import from_scenario
from yingzao.scenarios import load

DEFAULT_PRESET = os.environ.get("YINGZAO_APP_SCENARIO", "support-3y")
DEFAULT_RESIDENTS = 2000


def default_mix(preset: str = DEFAULT_PRESET) -> dict:
    """The controls of ``preset``, at 2,000 residents (a quick run)."""
    return {**from_scenario(load(preset)), "residents": DEFAULT_RESIDENTS}


lang = solara.reactive("en")

# what-if
preset = solara.reactive(DEFAULT_PRESET)
mix = solara.reactive(default_mix())  # last valid value of every control
raw = solara.reactive({})  # text typed into a control, while it differs from its value
errors = solara.reactive({})  # control -> (i18n key, args)
whatif = solara.reactive(None)  # (Comparison, label, seconds) of the last successful run
whatif_error = solara.reactive("")
running_reps = solara.reactive(10)  # runs of the what-if run in progress (for its progress)

# compare
slots = solara.reactive(["support-3y", "support-8y", "", ""])
compare_residents = solara.reactive(str(DEFAULT_RESIDENTS))  # text as typed
compare_reps = solara.reactive("10")
comparison = solara.reactive(None)  # (Comparison, seconds)
compare_error = solara.reactive("")

# workshop
workshop = solara.reactive(None)  # a yingzao.app.workshop_state.Session
workshop_tick = solara.reactive(0)
presentation = solara.reactive(False)
