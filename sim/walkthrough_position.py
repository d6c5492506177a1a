"""Where the class is in the lecture walk-through: the sub-steps of an update, and one click forward or back.

The page keeps only a ``Position`` (which update, which sub-step); ``sim.walkthrough`` computes the
numbers of every update from it.
"""

from __future__ import annotations

from dataclasses import dataclass

# The sub-steps of one update, in the order the lecture reveals them.
SUBSTEPS = ("forward", "draw", "guess", "derivative", "reward", "scaled", "step_size", "new_bias", "new_prob")
SUBSTEP_TITLES = {
    "forward": "Forward pass",
    "draw": "Draw and action",
    "guess": "The guess",
    "derivative": "Derivative",
    "reward": "Reward",
    "scaled": "Derivative × reward",
    "step_size": "Step size",
    "new_bias": "New bias",
    "new_prob": "New p(B)",
}
LAST_SUBSTEP = len(SUBSTEPS) - 1
MAX_UPDATES = 500  # one visitor clicking "continue" cannot ask for more than this


@dataclass(frozen=True)
class Position:
    """Where the walk-through is. ``update`` counts from 0; ``substep`` indexes SUBSTEPS."""

    update: int = 0
    substep: int = 0

    @property
    def updates_needed(self) -> int:
        """How many updates must be computed to show this position."""
        return self.update + 1


def next_position(position: Position, scripted: int, random_on: bool) -> Position:
    """One click forward; stays put at the end of the scripted updates unless random draws are on."""
    if position.substep < LAST_SUBSTEP:
        return Position(position.update, position.substep + 1)
    if can_start_update(position.update + 1, scripted, random_on):
        return Position(position.update + 1, 0)
    return position


def previous_position(position: Position) -> Position:
    """One click back; the very first sub-step stays put."""
    if position.substep > 0:
        return Position(position.update, position.substep - 1)
    if position.update > 0:
        return Position(position.update - 1, LAST_SUBSTEP)
    return position


def end_of_update(position: Position, scripted: int, random_on: bool) -> Position:
    """Jump to the result of this update, or, if already there, to the result of the next one."""
    if position.substep < LAST_SUBSTEP:
        return Position(position.update, LAST_SUBSTEP)
    if can_start_update(position.update + 1, scripted, random_on):
        return Position(position.update + 1, LAST_SUBSTEP)
    return position


def can_start_update(update: int, scripted: int, random_on: bool) -> bool:
    """May the walk-through show update ``update`` (from 0)? Scripted ones always; random ones once switched on."""
    return update < MAX_UPDATES and (update < scripted or random_on)
