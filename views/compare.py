"""The comparison (why the sign matters): ``ui/compare/page.py`` draws it.

This file exists because Streamlit's page navigation (``st.Page`` in ``app.py``) and
``AppTest.switch_page`` need one file per URL; the view's code lives in its package, ``ui/compare/``.
"""

from ui.compare import page

page.render()
