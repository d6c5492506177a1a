"""The compare view; the code lives in ui/compare/page.py."""

from ui.compare import page

page.render()
