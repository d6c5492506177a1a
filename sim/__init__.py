"""The lecture's policy-gradient agent: hunger in, p(B) out, learning from rewards.

from sim import TrainingConfig, train, train_many, walkthrough, WalkthroughSettings
history = train(TrainingConfig(steps=2000))
best = history.config.problem.best(20.0)  # the best policy for the run's task: best.bias, best.reward, best.words

Beyond the lecture (issue #11): a reward offset, a running-mean baseline, Adam, and portions
drawn with odds, all fields of TrainingConfig (and of its URL strings):

history = train(TrainingConfig(reward_offset=9.0, baseline="running_mean", baseline_rate=0.01))
history.handled_reward, history.baseline  # reward + offset as the rule used it, the baseline each step used
notebook = train_many(statquest_notebook(steps=2000), seeds=range(200))  # Adam, odds (0.2, 0.8), 0.99
settled_share(statquest_notebook(), range(200)), STATQUEST_REPORTED_BIAS  # the distribution vs one run
settled_share(TrainingConfig(steps=4000, reward_offset=9.0), range(200))  # (0.0, 7.3): a big offset stalls
"""

from sim.config import BASELINES, MAX_STEPS, Problem, TrainingConfig
from sim.experiments.comparison import ensemble_summary, landscape, side_by_side
from sim.experiments.statquest import STATQUEST_REPORTED_BIAS, settled_share, statquest_notebook
from sim.optimizer import OPTIMIZERS, AdamState, adam_step
from sim.policy import (
    PLACE_A,
    PLACE_B,
    REWARD_HANDLINGS,
    Step,
    apply_reward,
    handled_reward,
    large_order,
    next_baseline,
    policy_gradient_step,
    probability_of_b,
    sigmoid,
)
from sim.training import (
    MAX_SEEDS,
    QUANTITIES,
    Ensemble,
    History,
    portion_stream,
    random_streams,
    train,
    train_many,
)
from sim.truth.best import (
    NEAR_BEST_REWARD,
    NEAR_OPTIMUM,
    Best,
    best_bias,
    best_expected_reward,
    best_policy,
    can_represent_good_policy,
    describe_best,
    optimal_bias,
    reward_margin,
)
from sim.truth.expected_reward import expected_reward, portion_gap, reward_slope
from sim.truth.push import adam_mean_step, climb_factor, mean_bias_drift
from sim.truth.verdicts import VERDICT_KINDS, Verdict, divergence_verdict, verdicts_at
from sim.walkthrough import WalkthroughSettings, walkthrough

__all__ = [
    "MAX_SEEDS", "MAX_STEPS", "PLACE_A", "PLACE_B", "QUANTITIES", "REWARD_HANDLINGS",
    "NEAR_OPTIMUM", "VERDICT_KINDS", "Ensemble", "History", "Step", "TrainingConfig", "Verdict",
    "divergence_verdict", "verdicts_at", "expected_reward", "mean_bias_drift",
    "NEAR_BEST_REWARD", "Best", "best_bias", "best_expected_reward", "best_policy", "can_represent_good_policy",
    "describe_best", "reward_slope", "Problem",
    "optimal_bias", "policy_gradient_step", "probability_of_b", "random_streams",
    "sigmoid", "train", "train_many",
    "ensemble_summary", "landscape", "side_by_side", "WalkthroughSettings", "walkthrough",
    "BASELINES", "OPTIMIZERS", "AdamState", "adam_step", "adam_mean_step", "apply_reward", "climb_factor",
    "handled_reward", "large_order", "next_baseline", "portion_gap", "portion_stream", "reward_margin",
    "STATQUEST_REPORTED_BIAS", "statquest_notebook", "settled_share",
]  # fmt: skip
