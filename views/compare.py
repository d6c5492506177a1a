"""The compare view; the code lives in ui/compare.py."""

from ui import compare

compare.render()
