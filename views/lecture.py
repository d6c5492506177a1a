"""The lecture view; the code lives in ui/lecture.py."""

from ui import lecture

lecture.render()
