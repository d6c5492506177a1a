"""The training lab: ``ui/lab/page.py`` draws it.

This file exists because Streamlit's page navigation (``st.Page`` in ``app.py``) and
``AppTest.switch_page`` need one file per URL; the view's code lives in its package, ``ui/lab/``.
"""

from ui.lab import page

page.render()
