"""The intervention base class: a start, an end, a budget, its own random stream."""

from __future__ import annotations


class Policy:
    """One intervention. Subclasses set ``name`` and implement :meth:`act`.

    ``end`` is exclusive. ``outside_end`` is when its outside money stops (a withdrawal moves it
    earlier); a policy paid wholly from outside money is inactive from then on.

    Args:
        model: The community model.

    """

    name = ""
    outside_funded = True

    def __init__(self, model) -> None:
        self.model = model
        self.v = {
            k.split(".", 1)[1]: val for k, val in model.v.items() if k.startswith(self.name + ".")
        }
        self.start = int(self.v.get("start", 0))
        self.end = int(self.v.get("end", 10**9))
        self.outside_end = self.end
        self.rng = model.streams[f"policy.{self.name}"]

    def active(self, month: int) -> bool:
        """Whether the policy acts this month."""
        end = min(self.end, self.outside_end) if self.outside_funded else self.end
        return self.start <= month < end

    def setup(self) -> None:
        """Called once after every policy is built (before month 0)."""

    def act(self, month: int) -> None:
        """One month of the policy."""
        raise NotImplementedError

    def marks(self) -> list[tuple[int, str]]:
        """``(month, label)`` marks for figures: start and effective end."""
        end = min(self.end, self.outside_end) if self.outside_funded else self.end
        return [(self.start, f"{self.name} start"), (end, f"{self.name} end")]
