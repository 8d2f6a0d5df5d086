"""The workshop page's state in one browser session, and the actions its buttons take.

A session holds a main run (``state.workshop``) and, once branched, a second run (``branch``)
played beside it; the live buttons act on the run named by ``target``.
"""

from __future__ import annotations

import solara
import solara.lab
from yingzao.app import state
from yingzao.app.mix import Field, parse
from yingzao.app.workshop_session import Session

BACK = Field("back_to", 0, 600, "unit.months")  # a month to go back to
playing = solara.reactive(False)
speed = solara.reactive(4)
loop_token = solara.reactive(None)  # the one play loop allowed to step (per session)
ws_case = solara.reactive(state.DEFAULT_PRESET)
ws_residents = solara.reactive(str(state.DEFAULT_RESIDENTS))
branch = solara.reactive(None)  # a second Session, branched from the first
target = solara.reactive("A")  # which run a live button acts on
selected = solara.reactive(None)  # {"kind": "group"|"building", "id", "run": "A"|"B"}
live_note = solara.reactive(None)  # why the last live button changed nothing ({"en", "zh"})
png_rev = solara.reactive(0)
back_to = solara.reactive(0)


def bump() -> None:
    """Tell the page that a run changed (it redraws)."""
    state.workshop_tick.set(state.workshop_tick.value + 1)


def runs() -> list[tuple[str, Session]]:
    """The main run and, when branched, the branch."""
    out = [("A", state.workshop.value)] if state.workshop.value is not None else []
    if branch.value is not None:
        out.append(("B", branch.value))
    return out


def new_session() -> None:
    """A fresh community from the chosen case and size."""
    v, err = parse("residents", ws_residents.value)
    if err is not None:
        return
    playing.set(False)
    branch.set(None)
    selected.set(None)
    live_note.set(None)
    state.workshop.set(Session.new(ws_case.value, int(v)))
    bump()


def step_once() -> None:
    """One month, in every run on screen."""
    for _, s in runs():
        s.step()
    bump()


def live(what: str) -> None:
    """A live intervention from the coming month, in the chosen run."""
    s = branch.value if target.value == "B" and branch.value is not None else state.workshop.value
    if s is not None:
        live_note.set(s.intervene(what))
        bump()


@solara.lab.task(prefer_threaded=True)
def rebuild(month: int) -> None:
    """Go back to ``month``: the run rebuilt from its seed with the same live interventions."""
    s = state.workshop.value
    if s is None:
        return
    new = s.replay(month)
    playing.set(False)
    branch.set(None)
    selected.set(None)
    state.workshop.set(new)
    bump()


def start_branch() -> None:
    """A second run, identical so far, to play beside the first."""
    s = state.workshop.value
    if s is not None:
        playing.set(False)
        branch.set(s.replay(s.model.month))
        target.set("B")
        bump()


def keep(which: str) -> None:
    """End the branch, keeping run ``which``."""
    if which == "B" and branch.value is not None:
        state.workshop.set(branch.value)
    branch.set(None)
    target.set("A")
    selected.set(None)
    bump()
