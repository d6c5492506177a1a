"""The lecture walk-through: click through the worked example one sub-step at a time.

The page keeps only a position (update, sub-step), whether random draws are on, and the
"what if" settings in ``st.session_state``; every number is recomputed by
``sim.walkthrough`` on each run, so Back and Next can never lose or change an update.
The module reads in the order the page appears: controls, compute, charts, ledger, history.
"""

from __future__ import annotations

import streamlit as st

from sim.walkthrough import (
    LAST_SUBSTEP,
    PLACE_WORDS,
    SUBSTEP_TITLES,
    SUBSTEPS,
    Position,
    Update,
    WalkthroughSettings,
    can_start_update,
    end_of_update,
    next_position,
    number_text,
    parse_draws,
    previous_position,
    reward_reason,
    walkthrough,
)
from ui.lecture_charts import network_figure, sampling_line_figure
from ui.theme import BLUE, HANDLING_COLOURS, PLACE_NAMES, PLOTLY_CONFIG

POSITION = "lecture_position"
RANDOM_ON = "lecture_random"
SETTINGS = "lecture_settings"
NOTICE = "lecture_notice"
PROBLEM = "lecture_problem"

# The "what if" inputs: session-state key -> (settings field, label, help, min, max, step).
INPUTS = {
    "lecture_hunger": ("hunger", "Hunger", "0 = not hungry, 1 = starving. Hungry from 0.5.", 0.0, 1.0, 0.1),
    "lecture_bias": ("initial_bias", "Initial bias", "The bias before the first update.", -1000.0, 1000.0, 0.5),
    "lecture_learning_rate": ("learning_rate", "Learning rate", "Step size = learning rate × update.", 0.0, 100.0, 0.1),
    "lecture_weight": ("weight", "Weight", "p(B) = σ(weight × hunger + bias).", -100.0, 100.0, 1.0),
    "lecture_reward_size": ("reward_size", "Reward size", "Good choice: +size. Bad choice: −size.", 0.0, 100.0, 0.5),
}  # fmt: skip
DRAWS_KEY = "lecture_draws"
SEED_KEY = "lecture_seed"
EXACT_KEY = "lecture_exact"
SIGN_WORDS = {"correct": "respected", "ignore_sign": "ignored", "flip_sign": "flipped"}
FIELD_LABELS = {field: label for field, label, *_ in INPUTS.values()} | {"draws": "draws", "seed": "seed"}

CSS = """
<style>
/* A projector shows 1280×720: keep the walk-through above the fold. */
.block-container {padding-top: 1.6rem; padding-bottom: 1rem;}
h1 {padding-top: 0 !important; padding-bottom: 0.2rem !important; font-size: 2rem !important;}
[data-testid="stVerticalBlock"] {gap: 0.55rem;}
.katex {font-size: 1.05em;}
.katex-display, .katex-display > .katex {text-align: left !important;}
.stMarkdown:has(.katex-display) > div {margin-left: 0 !important; justify-content: flex-start !important;}
</style>
"""


def render():
    _start_session()
    st.html(CSS)
    title, exact_column = st.columns([4, 1], vertical_alignment="center")
    title.title("The lecture, step by step")

    # --- Controls -----------------------------------------------------------------------------
    exact = exact_column.toggle("Exact values", key=EXACT_KEY, help="Off: rounded like the lecture. On: 4 decimals.")
    # In the sidebar, not a popover: a closed popover's inputs are not in the browser, and would come back
    # showing their minimum values instead of the ones in use.
    with st.sidebar:
        st.subheader("What if…?", anchor=False)
        _what_if_inputs()
    settings: WalkthroughSettings = st.session_state[SETTINGS]
    position: Position = st.session_state[POSITION]
    random_on = _random_on(settings)
    scripted = len(settings.draws)
    at_end = position.substep == LAST_SUBSTEP and not can_start_update(position.update + 1, scripted, random_on)

    back, forward, skip, more, restart = st.columns([1, 1.2, 1.5, 2.3, 1], vertical_alignment="center")
    back.button(
        "Back",
        icon=":material/arrow_back:",
        key="lecture_back",
        on_click=_go_back,
        disabled=position == Position(),
        width="stretch",
    )
    forward.button(
        "Next",
        icon=":material/arrow_forward:",
        key="lecture_next",
        type="primary",
        on_click=_go_next,
        disabled=at_end,
        width="stretch",
    )
    skip.button(
        "End of update",
        icon=":material/skip_next:",
        key="lecture_skip",
        on_click=_go_to_end,
        disabled=at_end,
        width="stretch",
    )
    more.button(
        "Continue with random draws",
        icon=":material/casino:",
        key="lecture_continue",
        on_click=_continue_randomly,
        disabled=random_on or not at_end,
        help="After the scripted draws: keep going with random draws (the same ones every time, from the seed).",
        width="stretch",
    )
    restart.button("Restart", icon=":material/replay:", key="lecture_restart", on_click=_restart, width="stretch")

    if st.session_state.get(NOTICE):
        st.info(st.session_state.pop(NOTICE), icon=":material/restart_alt:")
    if st.session_state.get(PROBLEM):
        st.error(st.session_state[PROBLEM], icon=":material/error:")

    # --- Compute: one call into sim -------------------------------------------------------------
    updates = walkthrough(settings, position.updates_needed)
    shown = [u if exact else u.rounded() for u in updates]
    update, substep = shown[position.update], SUBSTEPS[position.substep]
    st.caption(_status_line(settings, position, update, exact))

    # --- Charts, ledger and explanation ---------------------------------------------------------
    st.plotly_chart(_network(update, substep, exact), width="stretch", config=PLOTLY_CONFIG, key="lecture_network")
    ledger_column, words_column = st.columns([1.9, 1])
    with ledger_column:
        st.latex(ledger_latex(update, position.substep, exact))
    with words_column:
        st.plotly_chart(_line(update, substep, exact), width="stretch", config=PLOTLY_CONFIG, key="lecture_line")
        st.markdown(f"**{position.substep + 1}. {SUBSTEP_TITLES[substep]}.** {caption(update, substep, exact)}")
    if substep == "reward":  # the ledger is still short here, so the panel stays above the fold
        _sign_panel(update, exact)

    # --- History: one row per finished update ---------------------------------------------------
    finished = shown[: position.update + (1 if position.substep == LAST_SUBSTEP else 0)]
    if finished:
        st.markdown("**Updates so far**")
        st.dataframe(
            history_rows(finished, exact),
            hide_index=True,
            width="stretch",
            height=_table_height(finished),
            column_config={name: st.column_config.TextColumn(width="small") for name in ("update", "place", "reward")},
        )
        if not finished[-1].scripted:
            st.caption(f"\\* a random draw, cut to two decimals; seed {settings.seed} gives the same ones every time.")


# --- State ------------------------------------------------------------------------------------


def _start_session():
    """First run of this tab: the lecture's settings, at the first sub-step of the first update."""
    state = st.session_state
    if SETTINGS not in state:
        state[SETTINGS] = WalkthroughSettings()
        state[POSITION] = Position()
        state[RANDOM_ON] = False
    # Streamlit forgets a widget's value when another page ran in between: put the inputs back.
    if any(key not in state for key in (*INPUTS, DRAWS_KEY, SEED_KEY)):
        _load_inputs(state[SETTINGS])
    state.setdefault(EXACT_KEY, False)


def _load_inputs(settings: WalkthroughSettings):
    for key, (field, *_rest) in INPUTS.items():
        st.session_state[key] = float(getattr(settings, field))
    st.session_state[DRAWS_KEY] = ", ".join(number_text(u, False, "-") for u in settings.draws) or "random"
    st.session_state[SEED_KEY] = settings.seed


def _random_on(settings: WalkthroughSettings) -> bool:
    # With no scripted draws every draw is random from the start.
    return st.session_state[RANDOM_ON] or not settings.draws


def _move(to):
    settings = st.session_state[SETTINGS]
    st.session_state[POSITION] = to(st.session_state[POSITION], len(settings.draws), _random_on(settings))


def _go_next():
    _move(next_position)


def _go_to_end():
    _move(end_of_update)


def _go_back():
    st.session_state[POSITION] = previous_position(st.session_state[POSITION])


def _continue_randomly():
    st.session_state[RANDOM_ON] = True
    _move(next_position)


def _restart():
    st.session_state[POSITION] = Position()
    st.session_state[RANDOM_ON] = False


def _what_if_inputs():
    """The "what if" inputs. Any change restarts the walk-through with the new values (see _apply_what_if)."""
    for key, (_field, label, help_text, low, high, step) in INPUTS.items():
        st.number_input(
            label, min_value=low, max_value=high, step=step, format="%g", key=key, help=help_text,
            on_change=_apply_what_if,
        )  # fmt: skip
    st.text_input(
        "Draws, in order",
        key=DRAWS_KEY,
        help="Numbers in [0, 1) separated by commas, used for the first updates (the lecture: 0.2, 0.9). "
        "After them, or if you type 'random', the draws are random.",
        on_change=_apply_what_if,
    )
    st.number_input(
        "Seed of the random draws", min_value=0, max_value=2**32 - 1, step=1, key=SEED_KEY,
        help="The same seed gives the same random draws, so Back and Next never change a past update.",
        on_change=_apply_what_if,
    )  # fmt: skip
    st.button("The lecture's numbers", key="lecture_reset_inputs", on_click=_reset_inputs, width="stretch")


def _apply_what_if():
    """Read every input; if valid and different, restart with it and say so; if not, name the problem."""
    state = st.session_state
    try:
        values = {field: state[key] for key, (field, *_rest) in INPUTS.items()}
        new = WalkthroughSettings(**values, draws=parse_draws(state[DRAWS_KEY]), seed=int(state[SEED_KEY]))
    except (ValueError, TypeError) as error:
        state[PROBLEM] = f"Not applied: {_readable(str(error))}. The walk-through keeps its previous values."
        return
    state[PROBLEM] = None
    old = state[SETTINGS]
    if new == old:
        return
    changes = ", ".join(
        f"{FIELD_LABELS[name].lower()} {_setting_text(old, name)} → {_setting_text(new, name)}"
        for name in new.changes_from(old)
    )
    state[SETTINGS] = new
    state[POSITION] = Position()
    state[RANDOM_ON] = False
    state[NOTICE] = f"New what-if values ({changes}): the walk-through restarted from the first update."


def _reset_inputs():
    _load_inputs(WalkthroughSettings())
    _apply_what_if()


def _readable(message: str) -> str:
    """Config messages name fields as in code (learning_rate=0.0); say them as the inputs do."""
    for field, label in FIELD_LABELS.items():
        message = message.replace(f"{field}=", f"{label.lower()} = ")
    return message


def _setting_text(settings: WalkthroughSettings, name: str) -> str:
    value = getattr(settings, name)
    if name == "draws":
        return ", ".join(number_text(u, False) for u in value) or "random"
    return number_text(float(value), False)


# --- What the page says ---------------------------------------------------------------------------


def _status_line(settings: WalkthroughSettings, position: Position, update: Update, exact: bool) -> str:
    source = "scripted draw" if update.scripted else "random draw"
    origin = "the lecture's numbers" if settings == WalkthroughSettings() else "what-if values"
    rounded = "rounded like the lecture (1 decimal; the new p(B) to 2, as the lecture wrote 0.25)"
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


def ledger_latex(update: Update, substep: int, exact: bool) -> str:
    """The revealed sub-steps as one aligned LaTeX array; the current one in colour."""
    lines = ledger_lines(update, exact)
    rows = []
    for index, name in enumerate(SUBSTEPS[: substep + 1]):
        label = rf"\textsf{{{index + 1}. {SUBSTEP_TITLES[name]}}}"
        row = rf"{label} & {lines[name]}"
        rows.append(rf"\color{{{BLUE}}}{{{label}}} & \color{{{BLUE}}}{{{lines[name]}}}" if index == substep else row)
    return r"\begin{array}{ll}" + r" \\[2pt] ".join(rows) + r"\end{array}"


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


def _sign_panel(update: Update, exact: bool):
    """What if we ignored (or flipped) the reward's sign? The same step, going the wrong way."""

    def n(value):
        return number_text(value, exact, minus="-")

    rows = [
        ("correct", r"\times r", update.update, update.bias, update.prob_b_after, update.moves),
        ("ignore_sign", r"\times |r|", update.ignored.update, update.ignored.bias, update.ignored.prob_b_after,
         update.ignored.moves),
        ("flip_sign", r"\times (-r)", update.flipped.update, update.flipped.bias, update.flipped.prob_b_after,
         update.flipped.moves),
    ]  # fmt: skip
    lines = [r"\textsf{reward sign} & \text{derivative} & \text{new } b & \text{new } p(B) &"]
    for handling, formula, change, bias, prob_b, moves in rows:
        mark = {1: r"\text{right way}", 0: r"\text{no change}", -1: r"\text{wrong way!}"}[moves]
        cells = [rf"\textsf{{{SIGN_WORDS[handling]}}}", rf"{formula} = {n(change)}", n(bias), n(prob_b), mark]
        lines.append(" & ".join(rf"\color{{{HANDLING_COLOURS[handling]}}}{{{cell}}}" for cell in cells))
    with st.container(border=True):
        st.markdown("**What if we ignored the reward's sign?**")
        st.latex(r"\begin{array}{llrrl}" + r" \\[2pt] ".join(lines) + r"\end{array}")
        st.caption(sign_summary(update))


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


def _network(update: Update, substep: str, exact: bool):
    after = substep in ("new_bias", "new_prob")
    text = lambda value: number_text(value, exact)  # noqa: E731 - a short local formatter
    highlights = {
        "forward": ("hunger", "weight", "bias", "sigmoid", "output"),
        "draw": ("output",),
        "guess": ("output",),
        "derivative": ("bias",),
        "step_size": ("bias",),
        "new_bias": ("bias",),
        "new_prob": ("bias", "sigmoid", "output"),
    }
    unknown = substep == "new_bias"  # the bias changed; the next click recomputes what follows
    return network_figure(
        hunger=text(update.hunger),
        weight=text(update.weight),
        bias=text(update.bias if after else update.bias_before),
        weighted_input=text(update.weighted_input),
        logit="?" if unknown else text(update.logit_after if after else update.logit),
        prob_b="?" if unknown else text(update.prob_b_after if after else update.prob_b),
        highlight=highlights.get(substep, ()),
        bias_note=f"was {text(update.bias_before)}" if after else "",
    )


def _line(update: Update, substep: str, exact: bool):
    if substep == "new_prob":  # the new split of the line, ready for the next draw
        return sampling_line_figure(
            update.prob_a_after, number_text(update.prob_a_after, exact), number_text(update.prob_b_after, exact)
        )
    drawn = substep != "forward"
    return sampling_line_figure(
        update.prob_a,
        number_text(update.prob_a, exact),
        number_text(update.prob_b, exact),
        draw=update.draw if drawn else None,
        draw_text=number_text(update.draw, exact),
        action=update.action if drawn else None,
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


def _table_height(rows: list) -> int:
    return 38 + 35 * min(len(rows), 6)
