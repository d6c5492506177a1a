"""Text from a link (query-parameter names and values) shown so that Streamlit's Markdown cannot read it.

A link is anyone's: ``/?[Sign in](https://evil.example/login)=1`` must not put a live link in the page's
warning, nor ``/lab?hunger=![x](http://host/t.png)`` an image that every visitor's browser fetches.
Backslash escapes are not enough in Streamlit: its GFM plug-in turns ``https://...``, ``www.x.y`` and
``a@b.c`` into links after the escapes are read. So each message is shown as one inline code span, which
Streamlit's Markdown shows character for character (no link, image, HTML, colour, icon, emoji or LaTeX).

Every reader of a link quotes what it read with ``repr`` (``hunger='abc' is not a number``); a quoted
name or value longer than ``MAX_QUOTED`` characters is cut with "…", and a whole line after ``MAX_LINE``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import streamlit as st

MAX_QUOTED = 60  # characters of one name or value from the link
MAX_LINE = 300  # characters of one message, whatever it quotes
HEADING = "Some settings in the link could not be used, so defaults are shown for them:"

_QUOTED = re.compile(r"'(?:[^'\\]|\\.)*'|\"(?:[^\"\\]|\\.)*\"")  # a Python repr of a string
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a line break would end the code span's paragraph


def _cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def shortened(message: str) -> str:
    """The message with every quoted name or value cut to ``MAX_QUOTED`` characters, on one line."""

    def cut(match: re.Match) -> str:
        quoted = match.group()
        return quoted[0] + _cut(quoted[1:-1], MAX_QUOTED) + quoted[-1]

    return _cut(_QUOTED.sub(cut, _CONTROL.sub(" ", message)), MAX_LINE)


def literal(text: str) -> str:
    """``text`` (one line) as a Markdown inline code span: Streamlit shows it as it is.

    The fence is a run of backticks that does not occur in the text (CommonMark). Streamlit replaces
    ":material/" with ":material_" everywhere in the source, code spans too; an invisible word joiner
    keeps it as typed.
    """
    text = text.replace(":material/", ":material\u2060/")
    runs = {len(run) for run in re.findall(r"`+", text)}
    fence = "`" * next(n for n in range(1, len(runs) + 2) if n not in runs)
    edges = text[:1] + text[-1:]
    pad = " " if "`" in edges or (edges == "  " and text.strip()) else ""  # CommonMark strips one space each side
    return f"{fence}{pad}{text}{pad}{fence}"


def problem_list(problems: Sequence[str]) -> str:
    """The warning's Markdown: the heading, then one inert line per problem."""
    return HEADING + "\n\n" + "\n".join(f"- {literal(shortened(str(p)))}" for p in problems)


def warn_about_link(problems: Sequence[str]) -> None:
    """One warning naming every value of the link that could not be used (nothing if there is none)."""
    if problems:
        st.warning(problem_list(problems), icon="⚠️")
