"""Mesa's own tools drive the model: rng=, the DataCollector, batch_run and a SolaraViz page."""

from __future__ import annotations

import time

import mesa
import numpy as np
import pytest
from yingzao.model.mesa_scenario import CaseScenario

from yingzao import CommunityModel
from yingzao.errors import InputError

SMALL = {"community.residents": 400, "run.months": 8}


def test_rng_is_the_seed():
    a = CommunityModel("baseline", rng=3, overrides=SMALL).run()
    b = CommunityModel("baseline", seed=3, overrides=SMALL).run()
    assert a.recorder.rows == b.recorder.rows
    assert isinstance(a.scenario, CaseScenario) and a.scenario.rng == 3
    assert a.case.name == "baseline"
    with pytest.raises(InputError, match="not both"):
        CommunityModel("baseline", seed=1, rng=1)
    with pytest.raises(InputError, match="seed"):
        CommunityModel("baseline", rng=-1)


def test_the_datacollector_is_the_recorded_series():
    m = CommunityModel("incubation", seed=2, overrides=SMALL).run()
    df = m.datacollector.get_model_vars_dataframe()
    assert len(df) == 8 and list(df.index) == list(range(1, 9))
    assert df["orgs_functional"].tolist() == m.recorder.rows["orgs_functional"]
    assert not m.running  # the run is over: Mesa's loops stop


def test_mesa_batch_run_runs_the_model():
    rows = mesa.batch_run(
        CommunityModel,
        parameters={"scenario": "baseline", "overrides": [SMALL]},
        rng=[1, 2],
        max_steps=20,
        number_processes=1,
        data_collection_period=1,
        display_progress=False,
    )
    assert len(rows) == 16  # 2 seeds x 8 months: the model stops itself at run.months
    own = CommunityModel("baseline", seed=2, overrides=SMALL).run()
    # batch_run names the seed after the model's own keyword (seed=, as rng= would work too)
    last = [r for r in rows if r["seed"] == 2 and r["Step"] == 8][0]
    assert last["orgs_alive"] == own.recorder.rows["orgs_alive"][-1]
    assert np.isclose(last["active_share"], own.recorder.rows["active_share"][-1])


def test_a_model_rebuilt_from_its_mesa_scenario_is_the_same_run():
    a = CommunityModel("incubation", seed=5, overrides=SMALL).run()
    b = CommunityModel(scenario=a.scenario).run()  # as SolaraViz's Reset does
    assert a.recorder.rows == b.recorder.rows


def test_a_minimal_solaraviz_page_renders_and_steps():
    solara = pytest.importorskip("solara")
    from mesa.visualization import SolaraViz, make_plot_component
    from mesa.visualization.solara_viz import ModelController

    m = CommunityModel("incubation", seed=1, overrides=SMALL)
    page = SolaraViz(m, components=[make_plot_component("orgs_functional")], name="Yingzao")
    box, rc = solara.render(page, handle_error=False)
    assert box is not None
    reactive = solara.reactive(m)

    @solara.component
    def Controls():
        ModelController(
            reactive,
            # "case" is the Mesa scenario's field: Reset rebuilds that case
            model_parameters=solara.use_reactive({"case": "incubation", "seed": 1}),
            play_interval=solara.use_reactive(100),
            render_interval=solara.use_reactive(1),
            use_threads=solara.use_reactive(False),
        )

    _, rc = solara.render(Controls(), handle_error=False)
    import ipyvuetify as v

    buttons = {str(b.children): b for b in rc.find(v.Btn).widgets}
    step = next(b for k, b in buttons.items() if "Step" in k)
    step.click()
    deadline = time.time() + 5
    while reactive.value.month < 1 and time.time() < deadline:
        time.sleep(0.05)
    assert reactive.value.month == 1
    reset = next(b for k, b in buttons.items() if "Reset" in k)
    reset.click()
    deadline = time.time() + 5
    while reactive.value.month != 0 and time.time() < deadline:
        time.sleep(0.05)
    assert reactive.value is not m and reactive.value.month == 0
    assert reactive.value.case.name == "incubation" and reactive.value.seed == 1
