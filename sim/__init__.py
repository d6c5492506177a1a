"""The lecture's policy-gradient agent: hunger in, p(B) out, learning from rewards.

from sim import TrainingConfig, train, train_many, lecture_example
history = train(TrainingConfig(steps=2000))
"""

from sim.analysis import VERDICT_KINDS, Verdict, divergence_verdict, verdicts_at
from sim.best import (
    NEAR_BEST_REWARD,
    NEAR_OPTIMUM,
    Best,
    best_bias,
    best_expected_reward,
    best_policy,
    can_represent_good_policy,
    describe_best,
    expected_reward,
    mean_bias_drift,
    optimal_bias,
    reward_slope,
)
from sim.comparison import ensemble_summary, landscape, side_by_side
from sim.config import MAX_STEPS, TrainingConfig
from sim.display import lab_display
from sim.lecture import ExampleStep, lecture_example
from sim.policy import (
    PLACE_A,
    PLACE_B,
    REWARD_HANDLINGS,
    Step,
    policy_gradient_step,
    probability_of_b,
    sigmoid,
)
from sim.training import MAX_SEEDS, QUANTITIES, Ensemble, History, random_streams, train, train_many
from sim.walkthrough import WalkthroughSettings, walkthrough

__all__ = [
    "MAX_SEEDS", "MAX_STEPS", "PLACE_A", "PLACE_B", "QUANTITIES", "REWARD_HANDLINGS",
    "NEAR_OPTIMUM", "VERDICT_KINDS", "Ensemble", "ExampleStep", "History", "Step", "TrainingConfig", "Verdict",
    "divergence_verdict", "verdicts_at", "expected_reward", "lecture_example", "mean_bias_drift",
    "NEAR_BEST_REWARD", "Best", "best_bias", "best_expected_reward", "best_policy", "can_represent_good_policy",
    "describe_best", "reward_slope",
    "optimal_bias", "policy_gradient_step", "probability_of_b", "random_streams",
    "sigmoid", "train", "train_many",
    "ensemble_summary", "landscape", "side_by_side", "lab_display", "WalkthroughSettings", "walkthrough",
]  # fmt: skip
