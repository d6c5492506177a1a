"""One "best", from the config's problem (threshold, reward size, hunger, odds), in every result that shows one.

Three bugs came from loose copies of the config's fields that dropped ``large_order_odds`` (issue #21): the
lab's "best possible" line (0.853 for StatQuest's notebook, whose true best is 0.512), its best-bias band
(at −10 for odds 0.8, 0.2, where the best is saturated and earns 0.000) and the expected reward at step 0
(0.069 instead of 0.041: the readout, the text alternative and the table's first row). Each is checked here
without odds and at both odds, against J computed another way: a midpoint sum over hunger and a grid of biases.
"""

import math

import numpy as np
import pytest

from sim import TrainingConfig, train
from sim.experiments.comparison import ensemble_seeds, ensemble_summary, landscape, side_by_side
from ui.compare.text import shape_words
from ui.lab.charts import player_figure, row_titles
from ui.lab.display import lab_display
from ui.lab.panels import readout_texts
from ui.lab.playback import playback, state_after
from ui.lab.text import player_alt, player_table
from ui.player.timeline import entry_steps

LECTURE = TrainingConfig()
STATQUEST = TrainingConfig(
    steps=280, learning_rate=0.1, reward_size=0.99, optimizer="adam", large_order_odds=(0.2, 0.8)
)
REVERSED = TrainingConfig(large_order_odds=(0.8, 0.2))
CONFIGS = {"no odds": LECTURE, "StatQuest's notebook (0.2, 0.8)": STATQUEST, "odds 0.8, 0.2": REVERSED}
HUNGERS = (np.arange(2000) + 0.5) / 2000  # midpoints; the threshold 0.5 falls on a cell edge
BIASES = np.arange(-40.0, 40.0 + 1e-9, 0.05)


def mean_reward(config: TrainingConfig, weight: float, bias) -> np.ndarray:
    """J by hand: the mean over hunger of p(B) E[reward | B] + p(A) E[reward | A], per bias."""
    at_a, at_b = config.large_order_odds or (0.0, 1.0)  # chance of a large order at each place
    hunger = HUNGERS
    sign = np.where(hunger >= config.reward_threshold, 1.0, -1.0)  # a large order is good when hungry
    logit = np.clip(weight * hunger[None, :] + np.atleast_1d(bias)[:, None], -500, 500)
    p_b = 1 / (1 + np.exp(-logit))
    per_hunger = config.reward_size * sign * (p_b * (2 * at_b - 1) + (1 - p_b) * (2 * at_a - 1))
    return per_hunger.mean(axis=1)


def by_hand(config: TrainingConfig) -> tuple[float, float]:
    """(best reward, best bias) over the bias grid; the best bias is nan when the best lies at the grid's edges
    (a saturated policy: always A or always B)."""
    reward = mean_reward(config, config.weight, BIASES)
    top = int(np.argmax(reward))
    saturated = max(reward[0], reward[-1]) >= reward[top] - 1e-6
    return float(reward[top]), (math.nan if saturated else float(BIASES[top]))


@pytest.fixture(scope="module", params=list(CONFIGS), ids=list(CONFIGS))
def lab(request):
    """A lab run as the page builds it, opening at step 0: (config, history, display, frames, figure)."""
    config = CONFIGS[request.param]
    history = train(config)
    display = lab_display(history)
    frames = playback(history, entry_steps(config.steps, also=[0]))
    return config, history, display, frames, player_figure(display, frames, config, 0)


def shapes_named(figure: dict, name: str) -> list[dict]:
    return [shape for shape in figure["layout"].get("shapes", []) if shape.get("name") == name]


def test_the_hand_computed_best_is_the_one_the_issue_names():
    """The check below is against the right numbers: 0.861 at bias −10 without odds, 0.512 for StatQuest's
    notebook, 0.000 at a saturated policy for odds 0.8, 0.2."""
    assert by_hand(LECTURE) == (pytest.approx(0.861, abs=5e-4), pytest.approx(-10.0))
    assert by_hand(STATQUEST) == (pytest.approx(0.512, abs=5e-4), pytest.approx(-10.0))
    reward, bias = by_hand(REVERSED)
    assert reward == pytest.approx(0.0, abs=1e-6) and math.isnan(bias)


def test_the_lab_draws_the_true_best_possible_reward(lab):
    config, _history, display, _frames, figure = lab
    (line,) = shapes_named(figure, "best possible")
    best, _ = by_hand(config)
    assert line["y0"] == line["y1"] == pytest.approx(best, abs=1e-3)
    assert display.best_possible == display.best.reward == pytest.approx(best, abs=1e-3)


def test_the_lab_draws_the_best_bias_band_only_where_the_best_bias_is(lab):
    config, _history, display, _frames, figure = lab
    _, best_bias = by_hand(config)
    bands = shapes_named(figure, "best bias ± 2")
    title = row_titles(config, display)["bias"]
    if math.isnan(best_bias):  # saturated: no band, and the title names the best policy instead
        assert not bands and title.startswith("Bias (the best policy here: always")
        assert display.best.saturated and title == f"Bias (the best policy here: {display.best.words})"
    else:
        (band,) = bands
        assert (band["y0"] + band["y1"]) / 2 == pytest.approx(best_bias, abs=0.05)
        assert title == "Bias, and the best bias" and not display.best.saturated


def test_the_expected_reward_at_step_0_counts_the_odds(lab):
    config, history, _display, frames, _figure = lab
    start = float(mean_reward(config, config.weight, config.initial_bias)[0])
    assert state_after(history, 0)[2] == pytest.approx(start, abs=1e-6)
    shown = f"{start:.3f}".replace("-", "−")
    assert readout_texts(frames, 0)[2] == f"<b>{shown}</b>"  # the readout
    assert f"(bias 0, expected reward {start:.3f})" in player_alt(config, history, 0)  # the text alternative
    assert player_table(history)["expected reward"].iloc[0] == pytest.approx(round(start, 3))  # the table


@pytest.mark.parametrize("config", [STATQUEST, REVERSED], ids=["(0.2, 0.8)", "(0.8, 0.2)"])
def test_a_trained_weight_can_reach_the_perfect_policy_and_no_more(config):
    """With a trained weight "best possible" is the perfect policy's reward: at each hunger the place that pays
    more on average. With odds that is less than the reward's size (0.594 for StatQuest's notebook)."""
    trained = config.replace(train_weight=True, steps=300)
    display = lab_display(train(trained))
    steep = 1e6 if config.large_order_odds[1] > config.large_order_odds[0] else -1e6  # B when hungry, or A then
    perfect = float(mean_reward(trained, steep, -steep * trained.reward_threshold)[0])
    assert display.best_possible == pytest.approx(perfect, abs=1e-3) and perfect < trained.reward_size
    for weight in (-50.0, 0.5, 20.0, 50.0):  # no weight does better
        assert mean_reward(trained, weight, BIASES).max() <= display.best_possible + 1e-9


@pytest.mark.parametrize("name", list(CONFIGS), ids=list(CONFIGS))
def test_each_comparison_result_carries_the_one_best(name):
    config = CONFIGS[name].replace(steps=400)
    best, best_bias = by_hand(config)
    side = side_by_side(config)
    summary = ensemble_summary(config, ensemble_seeds(0, 4))
    land = landscape(config, {h: run.final_bias for h, run in side.runs.items()}, 0.0)
    for result in (side, summary, land):
        assert result.best == config.problem.best(config.weight)
        assert result.best.reward == pytest.approx(best, abs=1e-3)
        assert result.best.saturated == math.isnan(best_bias)
    assert land.reward.max() <= land.best.reward + 1e-9
    words = shape_words(side)  # what the landscape section says of J's shape
    assert ("valley" in words) if math.isnan(best_bias) else words.startswith("Its peak is the best bias, −10")
