"""What each frame of the lab's playback shows comes straight from the run."""

import numpy as np

from sim import TrainingConfig, probability_of_b, train
from ui.lab.playback import playback, state_after


def test_each_frame_holds_the_state_after_its_step():
    history = train(TrainingConfig(steps=400, train_weight=True))
    frames = playback(history, [0, 1, 7, 400])
    assert frames.bias[0] == 0.0 and frames.weight[0] == 20.0
    for i, step in enumerate([1, 7, 400], start=1):
        assert frames.bias[i] == history.bias[step - 1] and frames.weight[i] == history.weight[step - 1]
        assert frames.expected_reward[i] == history.expected_reward[step - 1]
        assert frames.p_at_1[i] == probability_of_b(1.0, history.weight[step - 1], history.bias[step - 1])
    assert frames.verdict_kind[0] == "not started"
    assert frames.verdict_text[-1] == history.verdict().text
    assert state_after(history, 0)[:2] == (20.0, 0.0)


def test_the_policy_curve_crosses_one_half_where_the_marker_is():
    history = train(TrainingConfig(steps=300))
    frames = playback(history, [0, 300])
    assert np.isnan(frames.boundary[0]) or frames.boundary[0] == 0.0  # bias 0, weight 20: crosses at hunger 0
    crossing = frames.boundary[-1]
    assert (
        probability_of_b(crossing, frames.weight[-1], frames.bias[-1]) == np.float64(0.5)
        or abs(probability_of_b(crossing, frames.weight[-1], frames.bias[-1]) - 0.5) < 1e-9
    )
    assert frames.index_of(150) == 0 and frames.index_of(300) == 1
