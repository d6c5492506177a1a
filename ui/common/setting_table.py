"""What the lab's and the comparison's settings are: each control's label, help and limits, and the presets.

Data only (no Streamlit): ``ui.common.settings`` turns it into sidebar widgets and reads and writes the URL.
"""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import MAX_SEED
from sim.experiments.statquest import statquest_notebook

# What one visitor may ask of the shared server (all visitors share one process).
MAX_LAB_STEPS = 100_000
MAX_COMPARE_STEPS = 20_000
MAX_SEEDS = 1_000


@dataclass(frozen=True)
class Setting:
    """One control: its URL name (the config field), label, help text and limits."""

    name: str
    label: str
    help: str
    kind: str  # "int", "float", "bool", "handling", "hunger", "slider", "baseline", "rate", "optimizer", "odds"
    low: float | None = None
    high: float | None = None
    step: float | None = None


SETTINGS = {
    s.name: s
    for s in [
        Setting("steps", "Steps", "How many updates to train for.", "int", 1, MAX_LAB_STEPS, 100),
        Setting(
            "learning_rate",
            "Learning rate",
            "Step size = learning rate × derivative × reward.",
            "float",
            0.001,
            100,
            0.1,
        ),
        Setting(
            "weight", "Weight", "p(B) = sigmoid(weight × hunger + bias). The lecture uses 20.", "float", -100, 100, 1
        ),
        Setting(
            "train_weight", "Train the weight too", "Also step the weight by learning rate × update × hunger.", "bool"
        ),
        Setting(
            "initial_bias",
            "Initial bias",
            "The bias before the first update. The lecture starts at 0.",
            "float",
            -1000,
            1000,
            0.5,
        ),
        Setting(
            "hunger",
            "Hunger",
            "Uniform: a fresh random hunger in [0, 1] every step. Fixed: the same hunger every step.",
            "hunger",
            0,
            1,
            0.05,
        ),
        Setting(
            "reward_threshold",
            "Hungry from",
            "Large fries (B) are the good choice when hunger ≥ this value; small fries (A) below it.",
            "slider",
            0,
            1,
            0.05,
        ),
        Setting("reward_size", "Reward size", "Good choice: +size. Bad choice: −size.", "float", 0.01, 100, 0.5),
        Setting(
            "reward_handling",
            "Reward handling",
            "How the reward scales the derivative. Correct: derivative × reward. Ignore sign: × |reward|. "
            "Flip sign: × (−reward). Ignore reward: × 1.",
            "handling",
        ),
        Setting(
            "reward_offset",
            "Reward offset",
            "Added to every reward before the handling: good +size + offset, bad −size + offset. The average update "
            "stays the same (p(B) − ideal averages to 0 over the agent's own choices), but every step gets noisier.",
            "float",
            -100,
            100,
            1,
        ),
        Setting(
            "baseline",
            "Baseline",
            "None: update = derivative × reward. Running mean: update = derivative × (reward − b), where b is the "
            "running mean of the rewards so far; it takes out what every reward shares, such as an offset.",
            "baseline",
        ),
        Setting(
            "baseline_rate",
            "Baseline rate",
            "How fast the running mean follows the rewards: b ← b + rate × (reward − b), rate in (0, 1].",
            "rate",
            0.001,
            1,
            0.01,
        ),
        Setting(
            "optimizer",
            "Optimizer",
            "Plain: bias ← bias − learning rate × update (the lecture). Adam: steps of about the learning rate "
            "whatever the update's size (running means of the updates and their squares), as in StatQuest's notebook.",
            "optimizer",
        ),
        Setting(
            "large_order_odds",
            "Portions drawn by chance",
            "Off: B always gives large fries, A small. On: each place gives a large order with its own chance, and "
            "the reward follows the portion actually received (StatQuest's notebook: A 0.2, B 0.8).",
            "odds",
            0,
            1,
            0.05,
        ),
        Setting(
            "seed", "Seed", "Fixes the random hunger values and draws: same seed, same run.", "int", 0, MAX_SEED, 1
        ),
    ]
}
BASELINE_LABELS = {"none": "none", "running_mean": "running mean of the rewards"}
OPTIMIZER_LABELS = {"sgd": "plain (the lecture)", "adam": "Adam"}

STATQUEST_FIELDS = (
    "steps", "learning_rate", "weight", "initial_bias", "reward_handling", "reward_size", "optimizer",
    "large_order_odds",
)  # fmt: skip
PRESETS: dict[str, dict] = {
    "the lecture": {"learning_rate": 1.0, "weight": 20.0, "initial_bias": 0.0, "reward_handling": "correct"},
    "slow and steady": {"learning_rate": 0.1, "weight": 20.0, "initial_bias": 0.0, "reward_handling": "correct"},
    "sign ignored": {"learning_rate": 1.0, "weight": 20.0, "initial_bias": 0.0, "reward_handling": "ignore_sign"},
    "sign flipped": {"learning_rate": 1.0, "weight": 20.0, "initial_bias": 0.0, "reward_handling": "flip_sign"},
    "learn the weight too": {
        "learning_rate": 1.0,
        "weight": 0.0,
        "initial_bias": 0.0,
        "reward_handling": "correct",
        "train_weight": True,
    },
    # 280 steps, Adam at learning rate 0.1, rewards ±0.99, portions by chance (A 0.2, B 0.8): see
    # sim.experiments.statquest.
    "StatQuest's notebook": {name: getattr(statquest_notebook(), name) for name in STATQUEST_FIELDS},
}
PRESET_BASE = {
    "train_weight": False, "hunger": None, "reward_threshold": 0.5, "reward_size": 1.0,
    "reward_offset": 0.0, "baseline": "none", "optimizer": "sgd", "large_order_odds": None,
}  # fmt: skip
DEFAULT_ODDS = (0.2, 0.8)  # what the odds sliders show when first switched on
