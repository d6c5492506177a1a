"""Where the lecture's parts go, decided by the width of the page's main column (``Screen.width``), and its CSS.

Pure: widths in CSS pixels in, choices out. The ledger of formulas sits beside the sampling line and its words
where both have room; each formula goes under its sub-step's name, and the what-if table into three columns,
where the ledger's column is too narrow for them on one line (sizes measured in Chromium at the page's fonts).
"""

from __future__ import annotations

from dataclasses import dataclass

from ui.common.screen import Screen

BESIDE = 700  # pixels of page from which the sampling line and its words go beside the ledger
LEDGER_SHARE = 1.9 / 2.9  # the ledger's column, of the page, when they are side by side
# The widths the ledger's names and formulas on one line, and the what-if table's five columns, take, in pixels:
# without and with presentation mode (its formulas are 1.25 times as large).
LEDGER_LINE = {False: 440, True: 520}
WHAT_IF_TABLE = {False: 460, True: 600}


CSS = """
<style>
/* A projector shows 1280×720: keep the walk-through above the fold. */
.block-container {padding-top: 1rem; padding-bottom: 1rem;}
h1 {padding-top: 0 !important; padding-bottom: 0.2rem !important; font-size: 2rem !important;}
[data-testid="stVerticalBlock"] {gap: 0.55rem;}
.st-key-lecture_switches {gap: 0 !important;}
.katex {font-size: 1.05em;}
.katex-display, .katex-display > .katex {text-align: left !important;}
.stMarkdown:has(.katex-display) > div {margin-left: 0 !important; justify-content: flex-start !important;}
/* A phone's header bar is taller: keep the title below it. */
@media (max-width: 640px) {
  .block-container {padding-top: 4rem;}
  .katex {font-size: 0.95em;}
  .st-key-lecture_sign_panel .katex {font-size: 0.85em;}
  /* Back and Next stay at the bottom of the screen, over a white bar; Next scrolls what it reveals above them. */
  .st-key-lecture_controls::before {content: ""; position: fixed; left: 0; right: 0; bottom: 0; height: 64px;
    background: white; border-top: 1px solid #d0d0d0; z-index: 990;}
  .st-key-lecture_back, .st-key-lecture_next {position: fixed; bottom: 10px; z-index: 991;}
  .st-key-lecture_back {left: 16px;}
  .st-key-lecture_next {right: 16px;}
  .st-key-lecture_next button {min-width: 8rem;}
  .block-container {padding-bottom: 5rem;}
  .st-key-lecture_words {scroll-margin-bottom: 76px;}
}
/* 400% zoom of a 1280-pixel screen (320 CSS px): the what-if table's three columns, smaller still. */
@media (max-width: 360px) {
  .st-key-lecture_sign_panel .katex {font-size: 0.75em;}
}
</style>
"""


# A projector: the folded sidebar's button sits in the header bar (keep the title clear of it); the ledger,
# the what-if table and the explanation grow with the diagrams.
PRESENTATION_CSS = """
<style>
.block-container {padding-top: 3.6rem;}
h1 {font-size: 1.7rem !important;}
.katex {font-size: 1.3em;}
.st-key-lecture_words p, .st-key-lecture_sign_panel p {font-size: 1.2rem; line-height: 1.45;}
</style>
"""


@dataclass(frozen=True)
class Layout:
    beside: bool  # the ledger and the sampling line side by side
    stacked: bool  # each formula under its sub-step's name
    narrow_table: bool  # the what-if table in three columns
    words: int  # pixels the sampling line has


def lecture_layout(screen: Screen) -> Layout:
    """The lecture's layout for the page's width."""
    beside = screen.width >= BESIDE
    ledger = screen.width * LEDGER_SHARE if beside else screen.width
    words = screen.width - ledger - 16 if beside else screen.width
    presentation = screen.presentation
    return Layout(beside, ledger < LEDGER_LINE[presentation], ledger < WHAT_IF_TABLE[presentation], int(words))
