"""Calibrated defaults, written by `yingzao calibrate --apply` from a calibration record.

Do not edit by hand: run the calibration again. The declarations (model/defaults.py) take these
values as defaults and name the record as their source.
"""

RECORD = None

CALIBRATED: dict[str, float] = {}
