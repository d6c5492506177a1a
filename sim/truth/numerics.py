"""Numerically careful building blocks for J and its slope (used by sim.truth.best and sim.truth.push)."""

from __future__ import annotations

import math

import numpy as np

from sim.policy import sigmoid


def log_cosh(x):
    x = np.abs(x)
    return x + np.log1p(np.exp(-2.0 * x)) - math.log(2.0)


def log_sinh(x):
    """log(sinh(x)) for x >= 0 (-inf at 0)."""
    with np.errstate(divide="ignore"):
        return x + np.log(-np.expm1(-2.0 * x)) - math.log(2.0)


def sigmoid_gap(x, y):
    """sigmoid(x) - sigmoid(y), to full relative precision even where both are nearly 0 or 1."""
    half = (np.asarray(x, dtype=float) - y) / 2
    return np.sign(half) * np.exp(log_sinh(np.abs(half)) - log_cosh(x / 2) - log_cosh(y / 2) - math.log(2.0))


def spread(x):
    """p(1 - p) at logit x: the slope of the sigmoid, stable for any x."""
    return sigmoid(x) * sigmoid(-x)


def as_scalar(result):
    """A 0-d result as a float; arrays unchanged."""
    result = np.asarray(result)
    return float(result) if result.ndim == 0 else result
