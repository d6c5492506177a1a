"""How wide this visitor's page is, as their browser measures it: the one input a view's layout is decided by.

The server cannot see a screen. A phone, an iPad (which sends a desktop User-Agent), a narrowed window, a
desktop browser at 400% zoom and a projector differ in one thing that matters to a layout: the CSS pixels the
page's main column has. So the browser measures that column (``page_width``, a small component mounted once per
run by ``app.py``) and reports it, in steps of ``STEP`` pixels, whenever it changes (a window resized, the sidebar
folded away, the page zoomed); the page is drawn again for it. A reported width is kept in the session and in a
cookie, so the next page and the next visit are drawn for it at once. Until a browser has reported, the page is
drawn for ``DEFAULT_WIDTH``, a laptop's column beside the sidebar.

The JavaScript is fixed text (trusted code); nothing from the page or the link goes into it.
"""

from __future__ import annotations

import streamlit as st

from ui.common.screen import DEFAULT_WIDTH, Screen
from ui.common.url import flag

STEP = 40  # CSS pixels: a width is reported rounded down to this, so a few pixels of resizing draw nothing again
LIMITS = (240, 3840)
COOKIE = "page_width"
_KEY = "page_width"
_PROBE = "page_width_probe"  # the component's key: its state holds the width last reported

JS = """
export default function (component) {
  const { data, setStateValue } = component;
  // Streamlit calls this again when the data changes, without cleaning up the last call: do it here.
  if (window.__pageWidthStop) window.__pageWidthStop();
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  if (!main) return;
  // The width this run drew for, and (below) the last one measured: they differ while a redraw is on its way.
  const root = document.documentElement.dataset;
  root.drawnWidth = data.width;
  let timer = 0, sent = data.width;
  const measure = () => {
    // Not while the page is being drawn (a window resized mid-run): a rerun asked for then can lose widget values.
    const app = document.querySelector('[data-testid="stApp"]');
    if (app && app.getAttribute('data-test-script-state') === 'running') { timer = setTimeout(measure, 100); return; }
    const style = getComputedStyle(main), scroller = main.closest('[data-testid="stMain"]');
    // The page's scroll bar comes and goes as charts are drawn: measure as if it were not there.
    const bar = scroller ? scroller.offsetWidth - scroller.clientWidth : 0;
    const inner = main.clientWidth + bar - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
    const width = Math.max(data.low, Math.min(data.high, Math.floor(inner / data.step) * data.step));
    if (inner) root.measuredWidth = width;
    if (!inner || (width === sent && data.known)) return;  // a first visit always reports: its page waits for it
    sent = width;
    document.cookie = data.cookie + '=' + width + '; path=/; max-age=31536000; SameSite=Lax';
    setStateValue('width', width);
  };
  // A window being dragged wider fires many times: draw again once it rests.
  const observer = new ResizeObserver(() => { clearTimeout(timer); timer = setTimeout(measure, 150); });
  observer.observe(main);
  measure();
  const stop = () => { observer.disconnect(); clearTimeout(timer); };
  window.__pageWidthStop = stop;
  return stop;
}
"""

_page_width = st.components.v2.component("page_width", js=JS)


def _valid(value) -> int | None:
    """A reported or remembered width, or None if it is not a whole number of pixels within ``LIMITS``."""
    try:
        width = int(value)
    except (TypeError, ValueError):
        return None
    return width if LIMITS[0] <= width <= LIMITS[1] else None


def _known() -> int | None:
    """The width this browser last reported (in the probe's state when the run starts, so this run is drawn for it),
    earlier in this session, or at its last visit (the cookie); None if none of these."""
    reported = st.session_state.get(_PROBE) or {}
    return _valid(reported.get("width")) or _valid(st.session_state.get(_KEY)) or _valid(st.context.cookies.get(COOKIE))


def page_width() -> int:
    """Mount the measuring component (once per script run, in ``app.py``) and return the width to draw for."""
    known = _known()
    if known:
        st.session_state[_KEY] = known
    st.html("<style>.st-key-page_width_probe { display: none; }</style>")
    data = {
        "width": known or DEFAULT_WIDTH, "known": bool(known), "step": STEP, "low": LIMITS[0], "high": LIMITS[1],
        "cookie": COOKIE,
    }  # fmt: skip
    _page_width(key=_PROBE, data=data, on_width_change=lambda: None)
    return known or DEFAULT_WIDTH


def waiting() -> bool:
    """True on a browser's first page with no width known yet: the page is drawn once the browser has measured it,
    so its charts are built and sent once, for the right width. A client that is not a browser (a test, a script
    speaking the protocol) never measures: it gets the page at ``DEFAULT_WIDTH`` at once."""
    browser = "Mozilla/" in (st.context.headers.get("User-Agent") or "")
    return browser and not _known()


def presentation_link() -> bool:
    """Whether the link asks for presentation mode (``presentation=1``), as every view reads it: a first page is
    measured with the sidebar folded away, as that view will fold it. A malformed value is the view's to report."""
    try:
        return flag("presentation")(st.query_params.get("presentation", "0"))
    except ValueError:
        return False


def screen(presentation: bool) -> Screen:
    """The screen a figure is built for: presentation mode, and the width of the page's main column."""
    return Screen(presentation, _valid(st.session_state.get(_KEY)) or DEFAULT_WIDTH)


def chart_config() -> dict:
    """Plotly's config: on a narrow page without the toolbar, which would lie over the chart's title."""
    from ui.common.theme import PLOTLY_CONFIG

    return PLOTLY_CONFIG | ({"displayModeBar": False} if screen(False).narrow else {})
