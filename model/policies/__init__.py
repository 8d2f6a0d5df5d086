"""Policies as composable interventions, built from a resolved scenario."""

from __future__ import annotations

from yingzao.model.policies.base import Policy
from yingzao.model.policies.fund import CommunityFund
from yingzao.model.policies.grants import Grants
from yingzao.model.policies.ngo_contract import NGOContract
from yingzao.model.policies.services import Procurement
from yingzao.model.policies.simple import CommitteeTraining, Crisis, Training, Withdrawal

# Order of action within a month: the withdrawal and the crisis set the scene, then capacity
# building, then money.
ORDER: tuple[type[Policy], ...] = (
    Withdrawal,
    Crisis,
    CommitteeTraining,
    Training,
    NGOContract,
    Grants,
    CommunityFund,
    Procurement,
)


def build(model) -> list[Policy]:
    """Instantiate the policies that are on in ``model.v``, in acting order."""
    pols = [cls(model) for cls in ORDER if model.v[f"{cls.name}.enabled"]]
    return pols


__all__ = ["ORDER", "Policy", "build"]
