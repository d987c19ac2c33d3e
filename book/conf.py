"""Sphinx configuration of the course website. Build it with `make site` (tools/website.py).

The pages are the stored notebooks, never re-executed; the launch menu, the repository
button and the website's address all come from tools/nb.py's settings.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tools"), str(ROOT / "book"), str(ROOT / "src")]

import nb  # noqa: E402  (tools/nb.py: GITHUB_REPOSITORY, GITHUB_BRANCH, JUPYTERHUB_URL)

project = "sysdesign"
author = "the sysdesign authors"
copyright = "the sysdesign authors, MIT license"
html_title = "sysdesign: system design you can run"
html_baseurl = nb.site_url()
language = "en"

extensions = ["myst_nb", "course_book"]

# Show what is stored: the notebooks are executed and checked by the test suite
# (nbval, tools/nbfigures.py), so the website never runs them again.
nb_execution_mode = "off"
# A panel's stored output is a one-line text note (tools/nb.py's widget policy); no widget
# state is stored, so no widget JavaScript is needed.
nb_output_stderr = "show"

# Links between notebooks point at sections the way JupyterLab names them
# (book/course_book.py: slug), e.g. 00_start_here.ipynb#Course-map.
myst_heading_anchors = 3
myst_heading_slug_func = "course_book.slug"
myst_enable_extensions = ["dollarmath"]

exclude_patterns = ["_build", "**.ipynb_checkpoints"]

html_theme = "sphinx_book_theme"
html_theme_options = {
    "repository_url": nb.repository_url(),
    "repository_branch": nb.GITHUB_BRANCH,
    "path_to_docs": "",  # notebooks/NN_slug.ipynb here is notebooks/NN_slug.ipynb there
    "use_repository_button": True,
    "use_download_button": True,
    "launch_buttons": {
        "notebook_interface": "jupyterlab",
        # The links themselves are set by course_book.set_launch_links from tools/nb.py.
        "binderhub_url": "https://mybinder.org",
        "jupyterhub_url": nb.JUPYTERHUB_URL,
    },
    "home_page_in_toc": False,  # the title above the course map already links home
    "show_toc_level": 2,
}
html_last_updated_fmt = None
