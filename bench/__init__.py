"""Benchmarks: ``python -m bench`` prints timings measured in one run (nothing is asserted)."""

from pathlib import Path

BARE_PAGE = Path(__file__).parent / "bare_page.py"
# The baseline is a bare one-chart page as Streamlit ships it. The app's .streamlit/config.toml (which the
# bare page's server would read too, as it starts in the same folder) turns off the full garbage collection
# that Streamlit runs after every script run, and the file watcher (which tests.e2e.server turns off too);
# the bare page keeps Streamlit's defaults for both (the last setting given counts).
STREAMLIT_DEFAULT_OPTIONS = ("--runner.postScriptGC", "true", "--server.fileWatcherType", "auto")
