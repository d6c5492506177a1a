"""Nothing from a link is read as Markdown: the warning about a bad link shows names and values as typed.

``/?[Sign in ...](https://evil.example/login)=1`` must not put a live link in the warning, nor
``/lab?hunger=![x](http://host/track.png)`` an image that the visitor's browser fetches. Each message is
one Markdown inline code span (``ui.common.link_text``); here the warning's Markdown source is read with
CommonMark's rules for code spans, and the browser test (tests/e2e/test_link_text.py) checks the page.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from streamlit.testing.v1 import AppTest

from ui.common.link_text import HEADING, MAX_LINE, MAX_QUOTED, literal, problem_list, shortened

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PHISHING = "[Sign in with your university account](https://evil.example/login)"
IMAGE = "![x](http://127.0.0.1:9/track.png)"
PAGES = {  # page -> (its script, a quick run, a setting whose bad value is quoted back)
    "lecture": (None, {}, "hunger"),
    "lab": ("views/lab.py", {"steps": "200"}, "hunger"),
    "compare": ("views/compare.py", {"steps": "200", "seeds": "10"}, "learning_rate"),
}
HOSTILE = [
    PHISHING,
    IMAGE,
    "https://evil.example/a",
    "(www.evil.example)",
    "a@evil.example",
    "<b>bold</b>",
    "**bold** _it_ ~~gone~~",
    ":red[red] :material/home: :smile: $x^2$",
    "x`y``z",
    "`start",
    " padded ",
    "line\n\n[ref]: https://evil.example\n",
]


def code_span(text: str) -> str | None:
    """What ``text`` shows if it is exactly one CommonMark inline code span, else None."""
    match = re.fullmatch(r"(`+)(.*?)(`+)", text, flags=re.S)
    if not match or match[1] != match[3]:
        return None
    content = match[2]
    if any(len(run) == len(match[1]) for run in re.findall(r"`+", content)):
        return None  # the span would close early
    if len(content) > 1 and content[0] == content[-1] == " " and content.strip():
        content = content[1:-1]
    return content


def shown_lines(markdown: str) -> list[str]:
    """The warning's heading, then each list item's shown text; fails unless every item is one code span."""
    heading, _, items = markdown.partition("\n\n")
    assert heading == HEADING and "\n\n" not in items, markdown
    lines = []
    for line in items.split("\n"):
        assert line.startswith("- "), markdown
        content = code_span(line[2:])
        assert content is not None, f"not one code span, read as Markdown: {line!r}"
        assert ":material/" not in content  # Streamlit rewrites it, even in code
        lines.append(content)
    return lines


def open_page(name: str, query: dict) -> AppTest:
    script, quick, _ = PAGES[name]
    at = AppTest.from_file(APP, default_timeout=60)
    if script:
        at.switch_page(script)
    for key, value in (quick | query).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, at.exception
    return at


@pytest.mark.parametrize("name", PAGES)
def test_a_link_name_and_value_are_shown_as_typed_on_every_page(name):
    setting = PAGES[name][2]
    at = open_page(name, {PHISHING: "1", setting: IMAGE})
    assert len(at.warning) == 1
    lines = shown_lines(at.warning[0].value)
    assert len(lines) == 2, lines
    assert any(line.startswith(f"'{PHISHING[: MAX_QUOTED - 1]}…' is not a setting of this page") for line in lines)
    assert any(line.startswith(f"{setting}='{IMAGE}' is ") for line in lines), lines


def test_an_ordinary_bad_value_still_reads_as_before():
    at = open_page("lab", {"hunger": "abc", "colour": "red"})
    assert shown_lines(at.warning[0].value) == [
        "hunger='abc' is not a number",
        "'colour' is not a setting of this page (ignored)",
    ]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_one_code_span_showing_it(text):
    problem = f"{text!r} is not a setting of this page (ignored)"
    [line] = shown_lines(problem_list([problem]))
    assert line == shortened(problem).replace(":material/", ":material\u2060/")
    assert "\n" not in line


@given(st.text(alphabet=st.sampled_from("`ab :[]()!<>*_\\$\n\t"), min_size=1, max_size=40))
def test_any_text_makes_one_code_span_that_shows_it(text):
    text = " ".join(text.splitlines()) or "x"
    assert code_span(literal(text)) == text.replace(":material/", ":material\u2060/")


def test_long_names_and_values_are_cut():
    long = "A" * 500
    assert shortened(f"{long!r} is not a setting of this page (ignored)") == (
        f"'{'A' * (MAX_QUOTED - 1)}…' is not a setting of this page (ignored)"
    )
    assert len(shortened("x" * 1000)) == MAX_LINE
