"""The problem in words, each sentence chosen by a fact of ``sim.truth.facts``: which place is good where, why no
bias is best, and whether a fixed weight can choose well. Shared by the lab and the comparison; pure (no Streamlit)."""

from __future__ import annotations

from sim.truth.facts import Facts
from ui.common.theme import PLACE_NAMES, signed


def flat_reason(known: Facts) -> str:
    """Why every bias earns the same expected reward (when ``known.has_best`` is False)."""
    if known.same_odds:
        return "both places give a large order equally often, so neither is better at any hunger"
    return "p(B) does not depend on hunger (weight 0), and each place is the better one for half of the hungers"


def good_regions(threshold: float, known: Facts) -> str:
    """Where each place is the better one, and so where p(B) should be low or high (the policy chart's shading)."""
    parts = []
    wheres = ("below", "from") if len(known.regions) == 2 else ("from" if known.regions[0][1] else "below",)
    for (place, _, _), where in zip(known.regions, wheres):
        if place is None:
            parts.append(f"{where} hunger {threshold:g} neither place is better")
        else:
            level = "high" if place == "B" else "low"
            parts.append(f"{where} hunger {threshold:g} {PLACE_NAMES[place]} is better, so p(B) should be {level}")
    said = "; ".join(parts)
    return said[0].upper() + said[1:] + "."


def cannot_choose_well(weight: float, hunger, known: Facts) -> str | None:
    """The sentence that a fixed weight cannot make p(B) go the way a good policy must, or None if it can."""
    rises = known.good_policy_rises
    if hunger is not None or rises is None or (weight > 0 if rises else weight < 0):
        return None
    return (
        f"With weight {signed(weight)} p(B) cannot {'rise' if rises else 'fall'} with hunger, so this neuron cannot "
        f"pick {PLACE_NAMES[known.better[1]]} only when hungry"
    )
