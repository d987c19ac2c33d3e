"""sysdesign: small, readable models behind an interactive system-design course.

Layout rule: ``core/`` is what topics share and imports no topic; a topic is a package of
pure models, ``experiments.py``, ``plots.py`` (the only drawing), ``widgets.py`` (wiring only).
Importing any module changes no global setting.
"""

__version__ = "0.1.0"
