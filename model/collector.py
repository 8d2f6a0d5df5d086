"""A ``mesa.DataCollector`` that reads the model's own monthly recorder (no second copy).

Mesa's tools (``mesa.batch_run``, ``SolaraViz``) expect ``model.datacollector``. The model
records its monthly series once, in :class:`~yingzao.model.metrics.Recorder`; this collector
presents those rows as Mesa's ``model_vars`` (one list per series column) at collection steps
1, 2, ... (Mesa's ``model.time`` after each month). ``collect`` does nothing: the recorder
already did the work, so an unused collector costs nothing.
"""

from __future__ import annotations

import mesa
import pandas as pd


class RecorderCollector(mesa.DataCollector):
    """Mesa's DataCollector interface over the model's recorder.

    Args:
        model: The community model.

    """

    def __init__(self, model) -> None:
        # not DataCollector.__init__: the rows live in the recorder
        self._model = model
        cols = [c for c in model.recorder.rows if c != "month"]
        self.model_reporters = {c: c for c in cols}
        self.agent_reporters = {}
        self.agenttype_reporters = {}
        self.tables = {}
        self._agent_records = {}
        self._agenttype_records = {}

    @property
    def model_vars(self) -> dict[str, list]:
        """Each series column's values, one per month run."""
        rows = self._model.recorder.rows
        return {c: rows[c] for c in self.model_reporters}

    @property
    def _collection_steps(self) -> list[int]:
        return list(range(1, len(self._model.recorder.rows["month"]) + 1))

    def collect(self, model) -> None:
        """Nothing to do: the model records every month itself."""

    def get_model_vars_dataframe(self) -> pd.DataFrame:
        """The monthly series, indexed by Mesa's step (1 = after the first month)."""
        df = pd.DataFrame(self.model_vars)
        df.index = pd.Index(self._collection_steps, name="Step")
        return df
