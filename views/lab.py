"""The lab view; the code lives in ui/lab/page.py."""

from ui.lab import page

page.render()
