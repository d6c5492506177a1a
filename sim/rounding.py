"""How the lecture writes numbers: rounded like the board (one decimal, more where one would mislead), or exact."""

from __future__ import annotations

import math

import numpy as np


def probability_digits(prob_b: float) -> int:
    """Decimals for a probability (and its complement): 1, or 2 where 1 would be more than 10% off the smaller."""
    smaller = min(prob_b, 1 - prob_b)
    return 1 if abs(round(prob_b, 1) - prob_b) <= 0.1 * smaller else 2


def decimals_of(shown: float, value: float) -> int:
    """The decimals ``value`` was rounded to when it reads as ``shown`` (1 to 6)."""
    return next((d for d in range(1, 7) if lecture_round(value, d) == shown), 6)


def number_text(value: float, exact: bool, minus: str = "−") -> str:
    """A number as the page writes it: exact to 4 decimals (3 significant digits if tiny), or as rounded."""
    if exact and value != 0 and abs(value) < 1e-3:
        text = np.format_float_positional(value, precision=3, unique=False, fractional=False, trim="-")
    elif exact:
        text = np.format_float_positional(round(value, 4) + 0.0, trim="-")
    else:
        text = np.format_float_positional(value + 0.0, trim="-")
    return text.replace("-", minus)


def lecture_round(value: float, digits: int = 1) -> float:
    """Round like the lecture (``digits`` decimals), but keep one significant digit of a value that would become 0."""
    rounded = round(value, digits) + 0.0  # + 0.0 turns -0.0 into 0.0
    if rounded == 0 and value != 0:
        exponent = math.floor(math.log10(abs(value)))
        rounded = round(value, -exponent) + 0.0
    return rounded
