"""Run notebooks in JupyterLab inside headless Chromium and report what a learner would see break.

Three pieces, used by ``tests/test_browser.py``:

- :func:`find_chromium` and :data:`CHROMIUM_ARGS`: Debian's Chromium, never a downloaded one,
  with every switch that stops it reaching for the network;
- :class:`LabServer`: JupyterLab from this Python environment on 127.0.0.1, with a fresh
  token, a free port and throw-away settings, workspaces and runtime folders;
- :func:`open_lab` loads JupyterLab in one page; :func:`check_notebook` opens a notebook
  there, restarts the kernel and runs all cells, then lists
  problems (error outputs, widgets that failed to display, panels that ignore their controls).

The checker returns problems instead of asserting, so tests can prove it catches broken
notebooks as well as pass good ones.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path

# Chromium switches: headless, no sandbox (containers run as root), and nothing that phones
# home (component updates, sync, safe-browsing lists, field trials, metrics, DNS prefetch).
# Playwright adds its own --disable-features list (optimization hints, network time, search
# preconnect, media router ...); a second --disable-features here would replace it.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-domain-reliability",
    "--disable-client-side-phishing-detection",
    "--disable-breakpad",
    "--disable-crash-reporter",
    "--disable-field-trial-config",
    "--metrics-recording-only",
    "--no-pings",
    "--safebrowsing-disable-auto-update",
    "--dns-prefetch-disable",
    "--disable-dev-shm-usage",
    # Loopback only: any other host name fails at once instead of waiting on the network.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    "--proxy-server=direct://",
    "--proxy-bypass-list=*",
]

# Settings written into the throw-away user-settings folder: no news or update pop-ups,
# no restart confirmation (we restart on purpose), and every cell attached to the page so
# widgets below the fold render too.
LAB_SETTINGS = {
    "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {
        "fetchNews": "false",
        "checkForUpdates": False,
    },
    "@jupyterlab/apputils-extension/sessionDialogs.jupyterlab-settings": {
        "skipKernelRestartDialog": True,
    },
    "@jupyterlab/notebook-extension/tracker.jupyterlab-settings": {
        "windowingMode": "none",
    },
}

WIDGET_ERROR_TEXTS = ("Error displaying widget", "model not found", "Failed to load model class")
SCREENSHOT_MAX_HEIGHT = 16_000  # px; taller pages are cut (Chromium's texture limit)


def find_chromium() -> str | None:
    """Debian's Chromium: $CHROMIUM if it names a file, else ``chromium`` on PATH; or None."""
    candidates = [os.environ.get("CHROMIUM"), shutil.which("chromium"),
                  shutil.which("chromium-browser")]
    for found in filter(None, candidates):
        path = Path(found).resolve()
        if not path.is_file():
            continue
        # Debian's /usr/bin/chromium is a shell wrapper that adds flags of its own (remote
        # extensions, GPU rasterization); launch the binary it wraps so ours are the only ones.
        with path.open("rb") as head:
            is_script = head.read(2) == b"#!"
        real = Path("/usr/lib/chromium/chromium")
        if is_script and real.is_file():
            path = real
        if os.access(path, os.X_OK):
            return str(path)
    return None


def free_port() -> int:
    """A TCP port on 127.0.0.1 that was free a moment ago."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class LabServer:
    """JupyterLab serving ``root`` on 127.0.0.1; use as a context manager."""

    def __init__(self, root: Path, *, startup_timeout: float = 60.0):
        self.root = Path(root)
        self.startup_timeout = startup_timeout
        self.token = uuid.uuid4().hex
        self.port = 0
        self.process: subprocess.Popen | None = None
        self._state = Path(tempfile.mkdtemp(prefix="sysdesign-lab-state-"))
        self.log_path = self._state / "server.log"

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> LabServer:
        self._write_settings()
        # A port can be taken between choosing it and binding it: try a few.
        for _attempt in range(3):
            self.port = free_port()
            self._launch()
            if self._wait_ready():
                return self
            self.stop()
        raise RuntimeError(f"JupyterLab did not start; log:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        self.stop()
        shutil.rmtree(self._state, ignore_errors=True)

    def _write_settings(self) -> None:
        for relative, values in LAB_SETTINGS.items():
            path = self._state / "settings" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(values, indent=2))
        for name in ("workspaces", "runtime", "config", "ipython"):
            (self._state / name).mkdir(exist_ok=True)

    def _launch(self) -> None:
        state = self._state
        env = dict(
            os.environ,
            JUPYTER_RUNTIME_DIR=str(state / "runtime"),
            # The learner's own ~/.jupyter and ~/.ipython must not change what we test.
            JUPYTER_CONFIG_DIR=str(state / "config"),
            IPYTHONDIR=str(state / "ipython"),
            PYTHONUNBUFFERED="1",
        )
        command = [
            sys.executable, "-m", "jupyter", "lab",
            "--no-browser",
            "--ServerApp.ip=127.0.0.1",
            f"--ServerApp.port={self.port}",
            "--ServerApp.port_retries=0",
            f"--IdentityProvider.token={self.token}",
            f"--ServerApp.root_dir={self.root}",
            "--ServerApp.terminals_enabled=False",
            "--LabApp.expose_app_in_browser=True",
            f"--LabApp.user_settings_dir={state / 'settings'}",
            f"--LabApp.workspaces_dir={state / 'workspaces'}",
            "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
            # The default extension manager lists packages from PyPI: no network here.
            "--LabApp.extension_manager=readonly",
        ]
        if os.geteuid() == 0:  # CI containers run as root
            command.append("--allow-root")
        log = open(self.log_path, "ab")  # the server keeps its own copy of the descriptor
        self.process = subprocess.Popen(command, cwd=self.root, env=env, stdout=log,
                                        stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                        start_new_session=True)
        log.close()

    def _wait_ready(self) -> bool:
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                return False
            try:
                with urllib.request.urlopen(self.api("status"), timeout=2) as reply:
                    if reply.status == 200:
                        return True
            except (urllib.error.URLError, OSError):
                pass
            time.sleep(0.25)
        return False

    def api(self, path: str) -> str:
        return f"{self.url}/api/{path}?token={self.token}"

    def stop(self) -> None:
        """Ask the server to shut down (it stops its kernels), then end its process group."""
        process, self.process = self.process, None
        if process is None:
            return
        with contextlib.suppress(urllib.error.URLError, OSError, subprocess.TimeoutExpired):
            request = urllib.request.Request(self.api("shutdown"), method="POST")
            urllib.request.urlopen(request, timeout=5).close()
            process.wait(timeout=10)
        # Whatever is left in the server's process group goes too; kernels were stopped above.
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(process.pid, sig)
            except ProcessLookupError:
                break
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=10)

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"


def launch_browser(playwright, executable: str):
    """Headless Chromium from ``executable``; Playwright never downloads a browser here."""
    return playwright.chromium.launch(executable_path=executable, headless=True,
                                      args=CHROMIUM_ARGS, chromium_sandbox=False)


@dataclass(frozen=True)
class Timeouts:
    """How long each step may take, in seconds (generous: CI machines are shared)."""

    open_s: float = 60.0  # page load, notebook load, first kernel start
    run_s: float = 120.0  # restart and run all cells
    idle_s: float = 30.0  # kernel idle after the run
    render_s: float = 15.0  # widget views show their controls
    change_s: float = 5.0  # a panel's output changes after a control moves


@dataclass
class Report:
    """What the checker saw in one notebook."""

    notebook: str
    problems: list[str] = field(default_factory=list)
    panels_moved: list[str] = field(default_factory=list)
    widgets: int = 0
    screenshot: Path | None = None
    seconds: float = 0.0
    phases: dict[str, float] = field(default_factory=dict)

    def lap(self, phase: str, since: float) -> float:
        """Record how long ``phase`` took; return the time now, for the next lap."""
        now = time.monotonic()
        self.phases[phase] = round(now - since, 2)
        return now


# ---------------------------------------------------------------------------------------
# JavaScript run in the page. `window.jupyterapp` is JupyterLab's application object,
# exposed by --LabApp.expose_app_in_browser.

JS_HELPERS = """
window.__sdFindPanel = (path) => {
  const app = window.jupyterapp;
  if (!app) return null;
  for (const w of app.shell.widgets('main')) {
    if (w.context && w.context.path === path && w.content && w.content.widgets) return w;
  }
  return null;
};
window.__sdDialogText = () => {
  const dialog = document.querySelector('.jp-Dialog');
  return dialog ? dialog.innerText.replace(/\\s+/g, ' ').trim().slice(0, 300) : null;
};
// The top-level widget views of a notebook: {cell: 1-based index, node: output element}.
window.__sdWidgetViews = (panel) => {
  const views = [];
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.outputs;
    const children = cell.outputArea.widgets;
    for (let i = 0; i < outputs.length && i < children.length; i++) {
      if (!outputs.get(i).data['application/vnd.jupyter.widget-view+json']) continue;
      const node = children[i].node.querySelector('.jp-OutputArea-output');
      if (node) views.push({cell: index + 1, node});
    }
  });
  return views;
};
"""

# Ready: the notebook is loaded and its kernel connected and idle. A dialog instead (say,
# "File Load Error" when jupytext cannot reconcile a pair) ends the wait at once.
JS_OPEN_STATE = """(path) => {
  const dialog = window.__sdDialogText();
  const panel = window.__sdFindPanel && window.__sdFindPanel(path);
  const kernel = panel && panel.sessionContext.session && panel.sessionContext.session.kernel;
  const ready = !!(panel && panel.context.isReady && panel.sessionContext.isReady
                   && panel.content.widgets.length > 0 && kernel
                   && kernel.connectionStatus === 'connected' && kernel.status === 'idle');
  return {ready, dialog};
}"""

# Resolves when the run ends: true if every cell succeeded, false if one raised (the run
# stops there); "no restart" if the kernel did not restart; "timeout" if the run hangs.
JS_RESTART_RUN_ALL = """async ([path, timeoutMs]) => {
  const app = window.jupyterapp;
  app.shell.activateById(window.__sdFindPanel(path).id);
  const run = app.commands.execute('notebook:restart-run-all');
  const timer = new Promise((resolve) => setTimeout(() => resolve('timeout'), timeoutMs));
  const result = await Promise.race([run, timer]);
  return result === undefined ? 'no restart' : result;
}"""

JS_KERNEL_STATE = """(path) => {
  const panel = window.__sdFindPanel(path);
  const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
  let running = null, first_count = -1;  // -1: no code cell
  panel.content.widgets.forEach((cell, index) => {
    if (cell.model.type !== 'code') return;
    if (first_count === -1) first_count = cell.model.executionCount;
    if (running === null && cell.model.executionState === 'running') running = index + 1;
  });
  return {status: kernel ? kernel.status : 'none',
          connection: kernel ? kernel.connectionStatus : 'none', running, first_count};
}"""

# Problems visible in the notebook: error outputs (from the model) and widget error texts
# (from the page), plus the widget views that have not rendered any control yet.
JS_PROBLEMS = """([path, errorTexts]) => {
  const panel = window.__sdFindPanel(path);
  const problems = [];
  panel.content.widgets.forEach((cell, index) => {
    const where = `cell ${index + 1}`;
    if (cell.model.type !== 'code') return;
    const outputs = cell.model.outputs;
    for (let i = 0; i < outputs.length; i++) {
      const out = outputs.get(i);
      if (out.type === 'error') {
        const json = out.toJSON();
        problems.push(`${where}: error output ${json.ename}: ${json.evalue}`);
      }
    }
    const text = cell.node.innerText || '';
    for (const needle of errorTexts) {
      if (text.includes(needle)) problems.push(`${where}: shows "${needle}"`);
    }
    for (const broken of cell.node.querySelectorAll('.jupyter-widgets-error-widget')) {
      const why = (broken.textContent || '').replace(/\\s+/g, ' ').trim().slice(0, 160);
      problems.push(`${where}: a widget failed to display (error widget${why ? ': ' + why : ''})`);
    }
    for (const img of cell.node.querySelectorAll('.jp-OutputArea img')) {
      if (img.complete && img.naturalWidth === 0) {
        problems.push(`${where}: an image in the output does not load `
                      + `(src starts ${JSON.stringify(img.src.slice(0, 40))})`);
      }
    }
  });
  const dialog = window.__sdDialogText();
  if (dialog) problems.push(`a dialog is open: ${dialog}`);
  let pending = 0;
  const views = window.__sdWidgetViews(panel);
  for (const view of views) {
    const controls = view.node.querySelectorAll('input, select, button, textarea, .noUi-handle');
    const failed = errorTexts.some((t) => view.node.innerText.includes(t))
                   || view.node.querySelector('.jupyter-widgets-error-widget') !== null;
    if (controls.length === 0 && !failed) {
      pending += 1;
      problems.push(`cell ${view.cell}: widget output shows no controls`);
    }
  }
  return {problems, pending, widgets: views.length};
}"""

# Tag every interactive panel (a widget view holding an Output widget and controls) and its
# controls with data attributes, so Playwright can address them.
JS_TAG_PANELS = """(path) => {
  const panel = window.__sdFindPanel(path);
  const kinds = [['slider', '.widget-slider'], ['dropdown', '.widget-dropdown'],
                 ['toggle', '.widget-toggle-buttons'], ['radio', '.widget-radio'],
                 ['checkbox', '.widget-checkbox'], ['text', '.widget-text']];
  const found = [];
  for (const view of window.__sdWidgetViews(panel)) {
    const output = view.node.querySelector('.widget-output');
    if (!output) continue;
    const p = found.length;
    output.setAttribute('data-sd-output', String(p));
    const controls = [];
    for (const el of view.node.querySelectorAll(kinds.map(([, sel]) => sel).join(', '))) {
      if (output.contains(el)) continue;
      const kind = kinds.find(([, sel]) => el.matches(sel));
      const c = controls.length;
      el.setAttribute('data-sd-control', `${p}-${c}`);
      // A checkbox keeps its description beside the box, not in the label.
      const labels = [el.querySelector('.widget-label'), el.querySelector('.widget-label-basic')];
      const label = labels.map((l) => (l ? l.innerText.replace(/[\\s\\u200b]+/g, ' ').trim() : ''))
                          .find((text) => text) || `control ${c + 1}`;
      controls.push({kind: kind[0], label});
    }
    found.push({cell: view.cell, controls});
  }
  return found;
}"""

# A short fingerprint of what a panel's Output widget shows (image sources and text).
JS_OUTPUT_SIGNATURE = """(p) => {
  const output = document.querySelector(`[data-sd-output="${p}"]`);
  if (!output) return null;
  let text = output.innerText;
  for (const img of output.querySelectorAll('img')) text += '|' + img.src;
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) { h ^= text.charCodeAt(i); h = Math.imul(h, 16777619); }
  return `${text.length}:${(h >>> 0).toString(16)}`;
}"""

JS_SCROLL_HEIGHT = """(path) => {
  const panel = window.__sdFindPanel && window.__sdFindPanel(path);
  if (!panel) return window.innerHeight;
  window.jupyterapp.shell.collapseLeft();
  window.jupyterapp.shell.collapseRight();
  const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                   || panel.content.node;
  return window.innerHeight - scroller.clientHeight + scroller.scrollHeight + 40;
}"""

JS_SCROLL_TOP = """(path) => {
  const panel = window.__sdFindPanel && window.__sdFindPanel(path);
  if (!panel) return 0;
  panel.content.activeCellIndex = 0;
  const scroller = panel.content.node.querySelector('.jp-WindowedPanel-outer')
                   || panel.content.node;
  scroller.scrollTop = 0;
  return scroller.scrollTop;
}"""

def _poll(page, script, arg, done, timeout_s: float, interval_s: float = 0.25):
    """Evaluate ``script`` until ``done(result)`` or the timeout; return the last result."""
    deadline = time.monotonic() + timeout_s
    while True:
        result = page.evaluate(script, arg)
        if done(result) or time.monotonic() > deadline:
            return result
        page.wait_for_timeout(interval_s * 1000)


def _wait_idle(page, path: str, timeout_s: float) -> dict:
    """Wait until the kernel is connected and idle with no cell running, twice in a row."""
    def finished(state):
        return (state["status"] == "idle" and state["connection"] == "connected"
                and state["running"] is None)

    deadline = time.monotonic() + timeout_s
    while True:
        state = _poll(page, JS_KERNEL_STATE, path, finished,
                      max(0.0, deadline - time.monotonic()))
        if not finished(state):
            return state
        page.wait_for_timeout(500)  # widgets may still be talking to the kernel
        state = page.evaluate(JS_KERNEL_STATE, path)
        if finished(state) or time.monotonic() > deadline:
            return state


def _move_control(page, p: int, c: int, kind: str) -> str:
    """Change one control the way a person would; return what was done."""
    control = page.locator(f'[data-sd-control="{p}-{c}"]')
    if kind == "slider":
        handle = control.locator(".noUi-handle").first
        handle.focus()
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key = "Home" if now is not None and now == top else "End"
        handle.press(key)
        return f"pressed {key} on the slider"
    if kind == "dropdown":
        select = control.locator("select")
        current = select.evaluate("s => s.selectedIndex")
        options = select.locator("option").count()
        index = 1 if current == 0 and options > 1 else 0
        select.select_option(index=index)
        return f"chose option {index + 1} of {options}"
    if kind in ("toggle", "radio"):
        item = control.locator("button:not(.mod-active)" if kind == "toggle"
                               else "input:not(:checked)").first
        item.click()
        return "chose another option"
    if kind == "checkbox":
        control.locator("input").click()
        return "toggled the box"
    field_ = control.locator("input")
    top, bottom = field_.get_attribute("max"), field_.get_attribute("min")
    value = field_.input_value()
    target = top if top is not None and value != top else (bottom or "0")
    field_.fill(target)
    field_.press("Enter")
    return f"typed {target}"


def _exercise_panels(page, path: str, report: Report, change_timeout_s: float,
                     every_control: bool) -> None:
    """Move one control per panel (the next one if that did not change the view).

    With ``every_control``, move each control in turn and require each to change the view.
    """
    for p, panel in enumerate(page.evaluate(JS_TAG_PANELS, path)):
        name = f"panel in cell {panel['cell']}"
        if not panel["controls"]:
            report.problems.append(f"{name}: has an output but no control the test can move")
            continue
        unchanged = []
        for c, control in enumerate(panel["controls"]):
            before = page.evaluate(JS_OUTPUT_SIGNATURE, p)
            action = f"{control['label']!r} ({_move_control(page, p, c, control['kind'])})"
            after = _poll(page, JS_OUTPUT_SIGNATURE, p, lambda sig, b=before: sig != b,
                          change_timeout_s)
            if after == before:
                unchanged.append(action)
                if every_control:
                    report.problems.append(f"{name}: output did not change within "
                                           f"{change_timeout_s:g} s after {action}")
                continue
            report.panels_moved.append(f"{name}: {action} changed the output")
            if not every_control:
                break
        if not every_control and len(unchanged) == len(panel["controls"]):
            report.problems.append(f"{name}: output did not change within "
                                   f"{change_timeout_s:g} s after " + "; ".join(unchanged))


def _screenshot(page, path: str, target: Path) -> Path:
    """A full-page picture of the whole notebook: grow the window to fit, then shoot."""
    size = page.viewport_size
    height = min(SCREENSHOT_MAX_HEIGHT, max(size["height"],
                                            int(page.evaluate(JS_SCROLL_HEIGHT, path))))
    page.set_viewport_size({"width": size["width"], "height": height})
    page.evaluate(JS_SCROLL_TOP, path)  # the notebook keeps the last panel in view
    page.wait_for_timeout(300)
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    page.set_viewport_size(size)
    return target


JS_APP_READY = """async () => {
  const app = window.jupyterapp;
  if (!app) return false;
  await app.restored;
  return true;
}"""

JS_OPEN = """async (path) => {
  await window.jupyterapp.commands.execute('docmanager:open', {path, factory: 'Notebook'});
  return true;
}"""

# Close a notebook without the "save your changes?" dialog: its kernel is shut down first.
JS_CLOSE = """async (path) => {
  const panel = window.__sdFindPanel && window.__sdFindPanel(path);
  if (!panel) return;
  await panel.sessionContext.shutdown();
  panel.context.model.dirty = false;
  panel.dispose();
}"""


def open_lab(context, server: LabServer, timeout_s: float = 60.0):
    """One page with JupyterLab loaded (a fresh workspace); notebooks open inside it.

    Loading Lab takes several seconds; opening each notebook in the same page, instead of
    loading Lab again for every notebook, keeps the test's cost per notebook low.
    """
    page = context.new_page()
    page.add_init_script(JS_HELPERS)
    page.goto(f"{server.url}/lab?reset&token={server.token}", wait_until="domcontentloaded")
    ready = _poll(page, "() => !!window.jupyterapp", None, bool, timeout_s)
    if not ready or not page.evaluate(JS_APP_READY):
        raise RuntimeError(f"JupyterLab did not load within {timeout_s:g} s:\n"
                           f"{server.log_tail()}")
    return page


def check_notebook(page, notebook: str, *, screenshot: Path | None = None,
                   timeouts: Timeouts = Timeouts(), every_control: bool = False) -> Report:
    """Open ``notebook`` (a path relative to the server root) in ``page``, run it, report.

    ``page`` is JupyterLab loaded by :func:`open_lab`. Looks twice: at the notebook as stored
    (what a reader sees before running anything) and after restarting the kernel and running
    all cells; then moves one control of every panel (``every_control``: each control in
    turn) and checks that its output changes. The screenshot is taken in every case, and the
    notebook is closed (its kernel shut down) at the end.
    """
    report = Report(notebook)
    started = time.monotonic()
    try:
        page.evaluate(JS_OPEN, notebook)
        _inspect(page, report, started, timeouts, every_control)
        if screenshot is not None:
            lap = time.monotonic()
            report.screenshot = _screenshot(page, notebook, screenshot)
            report.lap("screenshot", lap)
    finally:
        with contextlib.suppress(Exception):  # the page may be gone; the server cleans up
            page.evaluate(JS_CLOSE, notebook)
        report.seconds = time.monotonic() - started
    return report


def _inspect(page, report: Report, started: float, timeouts: Timeouts,
             every_control: bool) -> None:
    notebook = report.notebook
    opened = _poll(page, JS_OPEN_STATE, notebook, lambda s: s["ready"] or s["dialog"],
                   timeouts.open_s)
    lap = report.lap("open", started)
    if opened["dialog"]:
        report.problems.append(f"JupyterLab showed a dialog on opening: {opened['dialog']}")
        return
    if not opened["ready"]:
        report.problems.append("JupyterLab did not open the notebook and start its kernel "
                               f"within {timeouts.open_s:g} s")
        return

    errors = list(WIDGET_ERROR_TEXTS)
    stored = page.evaluate(JS_PROBLEMS, [notebook, errors])
    # A stored widget view has no live model, so it cannot show controls; error outputs
    # and error texts are what a reader of the stored notebook would see.
    report.problems += [f"as stored, {p}" for p in stored["problems"]
                        if not p.endswith("shows no controls")]

    # Error outputs are read below, with the cell they are in.
    result = page.evaluate(JS_RESTART_RUN_ALL, [notebook, timeouts.run_s * 1000])
    state = (page.evaluate(JS_KERNEL_STATE, notebook) if result == "timeout"
             else _wait_idle(page, notebook, timeouts.idle_s))
    lap = report.lap("run", lap)
    if result == "no restart":
        report.problems.append("the kernel did not restart")
        return
    if result == "timeout" or not (state["status"] == "idle" and state["running"] is None):
        report.problems.append(f"run all did not finish within {timeouts.run_s:g} s "
                               f"(kernel {state['status']}, cell {state['running']} running)")
        return
    if state["first_count"] not in (1, -1):
        report.problems.append("the first cell did not run as [1]: the kernel was not "
                               f"restarted (execution count {state['first_count']})")

    after = _poll(page, JS_PROBLEMS, [notebook, errors], lambda r: r["pending"] == 0,
                  timeouts.render_s)
    report.widgets = after["widgets"]
    report.problems += [f"after run all, {p}" for p in after["problems"]]
    lap = report.lap("render", lap)

    _exercise_panels(page, notebook, report, timeouts.change_s, every_control)
    late = page.evaluate(JS_PROBLEMS, [notebook, errors])
    report.problems += [f"after moving controls, {p}" for p in late["problems"]
                        if p not in after["problems"]]
    report.lap("panels", lap)
