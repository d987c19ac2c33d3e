"""Sphinx extension for the course website: alt text, Jupyter anchors, launch links.

- **Alt text.** Each figure's alt text is stored in its output's metadata
  (``metadata["image/png"]["alt"]``, written by ``core.style.describe``), the field
  nbconvert's classic template reads. myst-nb 1.4 copies only ``width`` and ``height``
  from that metadata (``NbElementRenderer.render_image``), so every figure would reach
  the page with no alt at all. ``render_image`` is wrapped to copy ``alt`` too.
- **Anchors.** The notebooks link to sections the way JupyterLab and nbconvert name them:
  the heading's text with spaces turned into hyphens, case kept
  (``00_start_here.ipynb#Course-map``). ``slug`` makes MyST name its heading anchors the
  same way, so these links resolve on the website as they do in JupyterLab.
- **Launch menu.** sphinx-book-theme draws the launch menu (Binder, JupyterHub) on every
  notebook page; its links are then set to exactly what tools/nb.py makes for the
  README (``binder_url``, ``nbgitpuller_url``), so the site, the README and the tests
  share one source of truth: ``GITHUB_REPOSITORY``, ``GITHUB_BRANCH`` and
  ``JUPYTERHUB_URL`` in tools/nb.py.
"""

from __future__ import annotations

import functools

import nb  # tools/nb.py (book/conf.py puts tools/ on the path)


def slug(text: str) -> str:
    """A heading's anchor as JupyterLab and nbconvert write it: spaces become hyphens."""
    return "-".join(text.strip().split(" "))


def _with_alt_text(render_image):
    @functools.wraps(render_image)
    def render(self, data):
        image_nodes = render_image(self, data)
        alt = (data.output_metadata.get(data.mime_type) or {}).get("alt")
        for node in image_nodes:
            if alt and not node.get("alt"):
                node["alt"] = " ".join(str(alt).split())
        return image_nodes

    render.course_alt_text = True
    return render


def add_alt_text_from_output_metadata() -> None:
    from myst_nb.core.render import NbElementRenderer

    if not getattr(NbElementRenderer.render_image, "course_alt_text", False):
        NbElementRenderer.render_image = _with_alt_text(NbElementRenderer.render_image)


def set_launch_links(app, pagename, templatename, context, doctree) -> None:
    """Point the theme's Binder and JupyterHub buttons at tools/nb.py's links."""
    path = f"{pagename}.ipynb"
    links = {"Binder": nb.binder_url(path), "JupyterHub": nb.nbgitpuller_url(path)}
    for group in context.get("header_buttons", []):
        if group.get("label") != "launch-buttons":
            continue
        for button in group.get("buttons", []):
            if button.get("text") in links:
                button["url"] = links.pop(button["text"])
        if links:  # the theme changed how it names its buttons: fail the -W build
            from sphinx.util import logging

            logging.getLogger(__name__).warning(
                "%s: launch buttons %s not found in the theme's menu", pagename, sorted(links))


def setup(app):
    add_alt_text_from_output_metadata()
    # After the theme's add_launch_buttons (priority 501).
    app.connect("html-page-context", set_launch_links, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
