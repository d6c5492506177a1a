"""The lab view; the code lives in ui/lab.py."""

from ui import lab

lab.render()
