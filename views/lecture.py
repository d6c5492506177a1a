"""The lecture view; the code lives in ui/lecture/page.py."""

from ui.lecture import page

page.render()
