"""Calibrated defaults, written by `yingzao calibrate --apply` from a calibration record.

Do not edit by hand: run the calibration again. The declarations (model/defaults.py)
take these values as defaults and name the record as their source.
"""

RECORD = "calibration/record/record.json (yingzao-model-2, 2026-12-01, model f56860c)"

CALIBRATED = {
    "committee.ngo_trust_rate": 0.10641439249739051,
    "funder.target": 0.8571504354476929,
    "found.rate_recreational": 0.007841678773984312,
    "registration.support_rate": 0.0809670098591596,
    "decide.w_asker_skill": 0.29422047454863787,
    "decide.theta_mean": 0.43738462990149857,
}
