"""One word for each outcome of a run, defined once: the comparison's badges, markers, texts and tables use these.

A run's verdict (``sim.truth.verdicts``) has a kind; each kind has one word here and one definition. The marker on a
line says when the run left for good (``Verdict.diverged_at``), in the same word as its badge: a run that
wanders can leave the best behind and stay away, by luck, with no push at all, and its marker says "wanders",
never a word that would claim a push.
"""

from __future__ import annotations

# Verdict kind -> the word the page says for it (the start of its badge, its marker, its definition).
WORDS = {
    "settling": "settles",
    "approaching": "heads for the best",
    "wandering": "wanders",
    "running away": "runs away",
    "stuck": "stuck",
    "too early": "too early to tell",
}
LEFT = "left for good"  # the marker's event: from this step on, farther from the best than at the start
# Where every bias earns the same (a flat J), the words that measure a run against the best cannot apply.
NO_BEST = (
    "- **Here no bias is best**: every bias earns the same expected reward, so no run is nearer the best than "
    f"another. A run here **{WORDS['wandering']}**, is **{WORDS['stuck']}** or is **{WORDS['too early']}**; it never "
    f"**{WORDS['settling']}**, **{WORDS['approaching']}** or **{WORDS['running away']}**."
)


def definitions(min_steps: int, near_reward: str, band: str, settled_band: float) -> list[str]:
    """Each word with its definition, in the order the verdicts are decided (markdown list items)."""
    return [
        f"- **{WORDS['too early'].capitalize()}**: fewer than {min_steps} steps.",
        f"- **{WORDS['settling'].capitalize()}**: the rule climbs J toward the best, the expected reward is within "
        f"{near_reward} of the best{band}.",
        f"- **{WORDS['running away'].capitalize()}**: the average push moves the bias away from the best, or "
        "already has.",
        f"- **{WORDS['stuck'].capitalize()}**: p(B) is within about 1% of 0 or 1 at every hunger the run sees, so "
        "the derivative and every step are about 0, and nothing is expected to move the bias in the steps left.",
        f"- **{WORDS['approaching'].capitalize()}**: the average push would move the bias toward the best, "
        "meaningfully, within the steps left.",
        f"- **{WORDS['wandering'].capitalize()}**: no average push (the sign or the reward is ignored), or one too "
        "weak to matter. The bias random-walks: over many seeds its mean stays where it started while the spread "
        "grows, and a run whose p(B) saturates stops where it is; so one run can wander far and stay there.",
        f"- **{LEFT.capitalize()} at step n** (the cross on a line, in its verdict's word): from step n on, the "
        f"bias stays farther from the best than where it started (plus {settled_band:g}), to the end of the run. "
        "A run that runs away does it pushed; one that wanders, by luck.",
    ]


def marker_text(kind: str, step: int) -> str:
    """The words beside a run's cross: its verdict's word and the step it left for good."""
    return f"{WORDS[kind]}: {LEFT} at step {step:,}"
