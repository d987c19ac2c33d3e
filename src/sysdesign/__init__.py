"""sysdesign: small, readable models behind an interactive system-design course.

Layout rule: ``core/`` is what topics share and imports no topic; a topic is a package of
pure models, ``experiments.py``, ``plots.py`` (the only drawing), ``widgets.py`` (wiring only).
Importing any module changes no global setting, with one exception for speed: the objects
alive when ``sysdesign`` is first imported, and again when ``core.panel`` is, are frozen
out of the garbage collector's full rounds (see ``core.panel._keep_libraries_out_of_gc``).
"""

import gc

# Freeze what the kernel has made so far (IPython, ipykernel: objects that live as long as
# it does) before the libraries the course imports next: the full collections that
# matplotlib's and pandas' imports set off then walk only their own objects, about 45 ms
# less per notebook (measured with gc.callbacks).
gc.freeze()

__version__ = "0.1.0"
