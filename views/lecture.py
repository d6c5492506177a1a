"""The lecture walk-through: ``ui/lecture/page.py`` draws it.

This file exists because Streamlit's page navigation (``st.Page`` in ``app.py``) and
``AppTest.switch_page`` need one file per URL; the view's code lives in its package, ``ui/lecture/``.
"""

from ui.lecture import page

page.render()
