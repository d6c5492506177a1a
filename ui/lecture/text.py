"""What the lecture page says: the status line, the ledger (LaTeX), captions, the what-if table and the history.

Pure functions of a ``sim.walkthrough.Update``: no Streamlit, so tests can check every number directly.
"""

from __future__ import annotations

from sim.rounding import number_text
from sim.walkthrough import PLACE_WORDS, Update, WalkthroughSettings, reward_reason
from sim.walkthrough_position import SUBSTEP_TITLES, SUBSTEPS, Position
from ui.common.theme import BLUE, HANDLING_COLOURS, HANDLINGS, PLACE_NAMES


def status_line(settings: WalkthroughSettings, position: Position, update: Update, exact: bool) -> str:
    source = "scripted draw" if update.scripted else "random draw"
    origin = "the lecture's numbers" if settings == WalkthroughSettings() else "what-if values"
    rounded = "rounded like the lecture (1 decimal, 2 where 1 is 10% off)"
    mode = "exact values (4 decimals)" if exact else rounded
    return f"Update {update.number} ({source}) · step {position.substep + 1} of {len(SUBSTEPS)} · {origin} · {mode}"


def _n(value: float, exact: bool) -> str:
    """A number for LaTeX, in parentheses if negative so a product or difference reads unambiguously."""
    text = number_text(value, exact, minus="-")
    return f"({text})" if text.startswith("-") else text


def _signed(value: float, exact: bool) -> str:
    text = number_text(value, exact, minus="-")
    return text if text.startswith("-") else f"+{text}"


def ledger_lines(update: Update, exact: bool) -> dict[str, str]:
    """Each sub-step's formula with the numbers plugged in (LaTeX), keyed by sub-step name."""

    def n(value):
        return _n(value, exact)

    def plain(value):
        return number_text(value, exact, minus="-")

    u = update
    signed_reward = _signed(u.reward, exact)
    place = u.action
    compare = r"<" if place == "A" else r"\ge"
    logit = rf"{n(u.weight)} \cdot {n(u.hunger)}"
    return {
        "forward": rf"p(B) = \sigma({logit} + {n(u.bias_before)}) = {plain(u.prob_b)}",
        "draw": rf"u = {plain(u.draw)} {compare} p(A) = {plain(u.prob_a)} \;\Rightarrow\; \text{{{place}}}",
        "guess": rf"\text{{assume {place} was right: ideal }} p(B) = {plain(u.ideal)}",
        "derivative": rf"p(B) - \text{{ideal}} = {plain(u.prob_b)} - {n(u.ideal)} = {plain(u.derivative)}",
        "reward": rf"r = {_signed(u.reward, exact)} \quad \text{{({reward_reason(u, short=True)})}}",
        "scaled": rf"\text{{derivative}} \times r = {n(u.derivative)} \times ({signed_reward}) = {plain(u.update)}",
        "step_size": rf"\eta \times {n(u.update)} = {n(u.learning_rate)} \times {n(u.update)} = {plain(u.step_size)}",
        "new_bias": rf"b = {plain(u.bias_before)} - {n(u.step_size)} = {plain(u.bias)}",
        "new_prob": rf"p(B) = \sigma({logit} + {n(u.bias)}) = {plain(u.prob_b_after)}",
    }


def ledger_latex(update: Update, substep: int, exact: bool, hide_current: bool = False, stacked: bool = False) -> str:
    """The revealed sub-steps as one aligned LaTeX array; the current one in colour (a "?" while the class guesses).

    ``stacked`` (for a phone): each sub-step's name on a line of its own, above its formula.
    """
    lines = ledger_lines(update, exact)
    if hide_current:
        lines[SUBSTEPS[substep]] = r"\text{?}"
    rows = []
    for index, name in enumerate(SUBSTEPS[: substep + 1]):
        label = rf"\textsf{{{index + 1}. {SUBSTEP_TITLES[name]}}}"
        cells = [label, lines[name]]
        if index == substep:
            cells = [rf"\color{{{BLUE}}}{{{cell}}}" for cell in cells]
        rows.append(r" \\ ".join(cells) if stacked else " & ".join(cells))
    return (r"\begin{array}{l}" if stacked else r"\begin{array}{ll}") + r" \\[2pt] ".join(rows) + r"\end{array}"


def caption(update: Update, substep: str, exact: bool) -> str:
    """One or two plain sentences for students who never saw policy gradients."""
    place, other = update.action, "B" if update.action == "A" else "A"
    good_place = PLACE_NAMES[update.good_place]
    texts = {
        "forward": "The network turns hunger into a probability: multiply by the weight, add the bias, and squash "
        "the result into 0..1 with the sigmoid. p(B) is the chance of going to Place B (large fries).",
        "draw": f"The agent does not simply pick the likelier place: it draws a random number u on the 0..1 line. "
        f"u = {number_text(update.draw, exact)} lands in {place}'s segment, so it goes to {PLACE_NAMES[place]}.",
        "guess": f"We do not know yet whether going to {place} was wise, so we pretend it was the right answer: "
        f"the ideal p(B) would have been {number_text(update.ideal, exact)}.",
        "derivative": f"The derivative says which way to push the bias to make that guess more likely: "
        f"stepping the bias against it makes {place} more likely next time.",
        "reward": f"Now the world answers: {reward_reason(update)}. The reward tells us whether the guess was right.",
        "scaled": "Multiply the derivative by the reward. A good reward keeps the direction (do it again); "
        f"a bad one reverses it (make {other} more likely instead). The reward's sign decides the direction.",
        "step_size": "The learning rate decides how big a step to take.",
        "new_bias": "Take the step: new bias = old bias − step size. The weight stays as it is in this example.",
        "new_prob": f"Run the network again with the new bias: p(B) is now {number_text(update.prob_b_after, exact)}"
        f" (was {number_text(update.prob_b, exact)}). "
        + {
            1: f"The agent now leans more towards {good_place}, the good choice at this hunger.",
            0: "p(B) is so close to 0 or 1 here that the step changed nothing you could see.",
            -1: f"The agent now leans less towards {good_place}, the good choice at this hunger.",
        }[update.moves],
    }
    return texts[substep]


def sign_summary(update: Update) -> str:
    """The side panel's verdict in words."""
    good = PLACE_WORDS[update.good_place]
    if update.moves == 0 and update.flipped.moves == 0:
        return (
            "Here p(B) is so close to 0 or 1 that the derivative, and every step, is about 0: whatever is done "
            "with the reward's sign, nothing visibly changes."
        )
    if update.good:
        return (
            f"Here the reward is positive, so ignoring its sign changes nothing. Flipping it would push the agent "
            f"away from {good}: the update goes the wrong way."
        )
    return (
        f"Here the reward is negative. Ignore its sign (or flip it) and the bad choice is reinforced as if it were "
        f"good: the agent drifts away from {good}, the wrong way."
    )


def history_rows(updates: list[Update], exact: bool) -> list[dict[str, str]]:
    """One row per finished update, numbers written as on the page."""
    return [
        {
            "update": str(u.number),
            "draw u": number_text(u.draw, exact) + ("" if u.scripted else " *"),
            "place": u.action,
            "p(B) before": number_text(u.prob_b, exact),
            "derivative": number_text(u.derivative, exact),
            "reward": _signed(u.reward, exact).replace("-", "−"),
            "step size": number_text(u.step_size, exact),
            "new bias": number_text(u.bias, exact),
            "p(B) after": number_text(u.prob_b_after, exact),
        }
        for u in updates
    ]


def sign_table_latex(update: Update, exact: bool, narrow: bool = False) -> str:
    """The what-if table: the same step with the reward's sign respected, ignored and flipped.

    ``narrow`` (a phone): each row's derivative under its name, so the verdicts fit a 390-pixel screen.
    """

    def n(value):
        return number_text(value, exact, minus="-")

    rows = [
        ("correct", r"\times r", update.update, update.bias, update.prob_b_after, update.moves),
        ("ignore_sign", r"\times |r|", update.ignored.update, update.ignored.bias, update.ignored.prob_b_after,
         update.ignored.moves),
        ("flip_sign", r"\times (-r)", update.flipped.update, update.flipped.bias, update.flipped.prob_b_after,
         update.flipped.moves),
    ]  # fmt: skip
    head = (
        r"\textsf{sign} & \text{new} &"
        if narrow
        else r"\textsf{reward sign} & \text{derivative} & \text{new } b & \text{new } p(B) &"
    )
    lines = [head]
    for handling, formula, change, bias, prob_b, moves in rows:
        mark = {1: r"\text{right way}", 0: r"\text{no change}", -1: r"\text{wrong way!}"}[moves]
        name, derivative = rf"\textsf{{{HANDLINGS[handling].short}}}", rf"{formula} = {n(change)}"
        if narrow:  # two lines a row: the name over its derivative, the new b over the new p(B)
            cells = [_two_lines(name, derivative), _two_lines(rf"b = {n(bias)}", rf"p(B) = {n(prob_b)}"), mark]
        else:
            cells = [name, derivative, n(bias), n(prob_b), mark]
        lines.append(" & ".join(rf"\color{{{HANDLING_COLOURS[handling]}}}{{{cell}}}" for cell in cells))
    return (r"\begin{array}{lll}" if narrow else r"\begin{array}{llrrl}") + r" \\[2pt] ".join(lines) + r"\end{array}"


def _two_lines(top: str, bottom: str) -> str:
    return rf"\begin{{array}}{{l}}{top} \\ {bottom}\end{{array}}"


def network_alt(update: Update, substep: str, exact: bool) -> str:
    """The network diagram in words, with the numbers it shows at ``substep`` (its text alternative)."""

    def n(value):
        return number_text(value, exact)

    after = substep in ("new_bias", "new_prob")
    bias = update.bias if after else update.bias_before
    was = f" (was {n(update.bias_before)})" if after else ""
    if substep == "new_bias":  # the bias changed; the next click recomputes what follows
        rest = "p(B) is not computed again yet"
    else:
        logit, prob_b = (update.logit_after, update.prob_b_after) if after else (update.logit, update.prob_b)
        rest = f"hunger × weight + bias = {n(logit)}, and the sigmoid turns it into p(B) = {n(prob_b)}"
    return (
        f"The network: hunger {n(update.hunger)} times weight {n(update.weight)} is {n(update.weighted_input)}; "
        f"plus bias {n(bias)}{was}: {rest}."
    )


def line_alt(update: Update, substep: str, exact: bool) -> str:
    """The 0..1 sampling line in words: the two segments and, once drawn, where the draw lands (text alternative)."""

    def n(value):
        return number_text(value, exact)

    if substep == "new_prob":
        return (
            f"The 0..1 line after the update: A's segment is now p(A) = {n(update.prob_a_after)}, B's p(B) = "
            f"{n(update.prob_b_after)}, ready for the next draw."
        )
    segments = f"The 0..1 line: A's segment from 0 is p(A) = {n(update.prob_a)}, B's to 1 is p(B) = {n(update.prob_b)}"
    if substep == "forward":
        return segments + "; nothing drawn yet."
    place = update.action
    return f"{segments}; the draw u = {n(update.draw)} lands in {place}'s segment, so the agent goes to {place}."
