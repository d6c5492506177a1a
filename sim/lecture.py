"""The lecture's worked example: two updates at hunger 0, every intermediate value."""

from __future__ import annotations

from dataclasses import dataclass

from sim.config import TrainingConfig
from sim.policy import probability_of_b
from sim.training import train

LECTURE_CONFIG = TrainingConfig(steps=2, learning_rate=1.0, weight=20.0, initial_bias=0.0, hunger=0.0)
LECTURE_DRAWS = (0.2, 0.9)


@dataclass(frozen=True)
class ExampleStep:
    """One update of the worked example."""

    hunger: float
    bias_before: float
    prob_b: float
    draw: float
    action: str  # "A" or "B"
    ideal: float
    derivative: float
    reward: float
    update: float
    step_size: float
    bias: float  # after the update
    prob_b_after: float

    def rounded(self, digits: int = 1) -> ExampleStep:
        """The same step with every number rounded like the lecture (one decimal)."""
        values = {
            name: (round(value, digits) + 0.0 if isinstance(value, float) else value)
            for name, value in self.__dict__.items()
        }
        return ExampleStep(**values)


def lecture_example(rounded: bool = False) -> list[ExampleStep]:
    """The two updates of the lecture: bias 0 -> -0.5 -> -1.122 (-1.1 rounded)."""
    history = train(LECTURE_CONFIG, draws=LECTURE_DRAWS)
    steps, bias_before = [], LECTURE_CONFIG.initial_bias
    prob_after = list(history.prob_b[1:]) + [_prob_b(history, -1)]
    for i in range(LECTURE_CONFIG.steps):
        step = ExampleStep(
            hunger=float(history.hunger[i]),
            bias_before=float(bias_before),
            prob_b=float(history.prob_b[i]),
            draw=float(history.draw[i]),
            action="AB"[int(history.action[i])],
            ideal=float(history.ideal[i]),
            derivative=float(history.derivative[i]),
            reward=float(history.reward[i]),
            update=float(history.update[i]),
            step_size=float(history.step_size[i]),
            bias=float(history.bias[i]),
            prob_b_after=float(prob_after[i]),
        )
        steps.append(step.rounded() if rounded else step)
        bias_before = history.bias[i]
    return steps


def _prob_b(history, index):
    return probability_of_b(float(history.hunger[index]), float(history.weight[index]), float(history.bias[index]))
