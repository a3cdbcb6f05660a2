"""Measure the HTML report page as a reader's browser sees it: DOM size, weight, layout, a11y.

Usage::

    python benchmarks/bench_report_page.py                      # builds a report in a temp dir
    python benchmarks/bench_report_page.py --report report/     # measures an existing report
    python benchmarks/bench_report_page.py --report report/ --json --no-lighthouse

The report directory is served on 127.0.0.1 (a free port, nothing beyond loopback) and loaded
in Debian's Chromium (``/usr/bin/chromium``) through Playwright, at 1440x900 (desktop) and
390x844 (phone). At load, before any ``<details>`` is opened, it counts DOM elements (as
Lighthouse's dom-size does) and all nodes, sums the bytes transferred, and reads the scroll
width and where ``#answer`` ends; then it calls ``window.trilateralDrawAll()`` and counts the
charts drawn, and runs axe-core in the page. Last, Lighthouse (``npx lighthouse``, desktop
preset, performance and accessibility) runs against the same URL; if it cannot run, the script
says why in one line. Lighthouse is installed from npm into ``--node-dir`` (default
``benchmarks/.node``, git-ignored) on first use; browsers are never downloaded.

Goals (issue "Answer first"): fewer than 4,000 DOM elements before any fold is opened;
Lighthouse performance >= 80 on desktop; no horizontal scroll at 390 px; ``#answer`` ends
within the first screen at 1440x900 and two screens at 390x844; every chart in the DOM draws;
no serious or critical axe violation.
This is a measurement, not a test: it exits 0 when a goal is missed, and 2 only when the page
cannot be measured at all. Lighthouse's scores depend on the machine: on a busy machine its
``benchmarkIndex`` (printed) is low and total blocking time is inflated.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import Counter
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
DEFAULT_AXE = "/tmp/axe/node_modules/axe-core/axe.min.js"
DEFAULT_NODE_DIR = Path(__file__).resolve().parent / ".node"
VIEWPORTS = {"desktop": (1440, 900), "phone": (390, 844)}
MAX_ELEMENTS = 4000
MIN_PERFORMANCE = 80
LOAD_TIMEOUT_MS = 180_000
DRAW_TIMEOUT_MS = 180_000

LOAD_JS = """() => {
  const walker = document.createTreeWalker(document, NodeFilter.SHOW_ALL);
  let nodes = 0;
  while (walker.nextNode()) { nodes += 1; }
  const nav = performance.getEntriesByType("navigation")[0];
  const res = performance.getEntriesByType("resource");
  const answer = document.getElementById("answer");
  const templated = [...document.querySelectorAll("template")]
    .reduce((n, t) => n + t.content.querySelectorAll("[data-chart]").length, 0);
  return {
    elements: document.getElementsByTagName("*").length,
    nodes: nodes,
    details: document.querySelectorAll("details").length,
    details_open: document.querySelectorAll("details[open]").length,
    bytes: (nav ? nav.transferSize : 0) + res.reduce((n, r) => n + r.transferSize, 0),
    requests: 1 + res.length,
    scroll_width: document.documentElement.scrollWidth,
    answer_end: answer ? Math.round(answer.getBoundingClientRect().bottom + scrollY) : null,
    charts_in_folds: templated,
  };
}"""

DRAW_DONE_JS = """() => [...document.querySelectorAll("[data-chart][data-drawn]")]
  .every(el => el.hasAttribute("data-ready") || el.textContent.includes("could not be drawn"))"""

CHARTS_JS = """() => {
  const all = [...document.querySelectorAll("[data-chart]")];
  return {
    in_dom: all.length,
    drawn: all.filter(el => el.hasAttribute("data-ready")).length,
    failed: all.filter(el => el.textContent.includes("could not be drawn")).length,
    elements_after: document.getElementsByTagName("*").length,
  };
}"""

AXE_JS = """async () => {
  const r = await axe.run(document, {resultTypes: ["violations"]});
  return r.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib signature
        pass


def serve(directory: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``directory`` on a free loopback port in a daemon thread; return server and URL."""
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/index.html"


def build_report(out: Path) -> None:
    exe = Path(sys.executable).with_name("trilateral")
    cmd = [str(exe)] if exe.exists() else ["trilateral"]
    subprocess.run(
        [*cmd, "report", "--out", str(out)], check=True, timeout=1800, stdout=subprocess.DEVNULL
    )


def measure_viewport(browser: Any, url: str, name: str, axe_src: str | None) -> dict[str, Any]:
    width, height = VIEWPORTS[name]
    phone = name == "phone"
    context = browser.new_context(
        viewport={"width": width, "height": height},
        is_mobile=phone,
        has_touch=phone,
        device_scale_factor=3 if phone else 1,
    )
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(url, wait_until="load", timeout=LOAD_TIMEOUT_MS)
        result: dict[str, Any] = {"viewport": f"{width}x{height}", **page.evaluate(LOAD_JS)}
        result["charts"] = draw_charts(page)
        result["axe"] = run_axe(page, axe_src) if axe_src else None
        result["page_errors"] = errors
        return result
    finally:
        context.close()


def draw_charts(page: Any) -> dict[str, Any]:
    if not page.evaluate("typeof window.trilateralDrawAll === 'function'"):
        return {
            "in_dom": 0,
            "drawn": 0,
            "failed": 0,
            "elements_after": None,
            "error": "no window.trilateralDrawAll",
        }
    page.evaluate("window.trilateralDrawAll()")
    error = None
    try:
        page.wait_for_function(DRAW_DONE_JS, timeout=DRAW_TIMEOUT_MS, polling=500)
    except Exception as exc:  # noqa: BLE001 - a timeout is a figure, not a crash
        error = f"not all charts finished within {DRAW_TIMEOUT_MS // 1000} s: {type(exc).__name__}"
    return {**page.evaluate(CHARTS_JS), "error": error}


def run_axe(page: Any, axe_src: str) -> list[dict[str, Any]]:
    page.add_script_tag(content=axe_src)
    return page.evaluate(AXE_JS)


def measure_pages(url: str, axe_path: Path | None) -> dict[str, dict[str, Any]]:
    axe_src = axe_path.read_text() if axe_path else None
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            return {name: measure_viewport(browser, url, name, axe_src) for name in VIEWPORTS}
        finally:
            browser.close()


def merge_axe(pages: dict[str, dict[str, Any]]) -> dict[str, Any] | None:
    """Violations of both viewports, one entry per rule id, with its distinct selectors."""
    runs = [p["axe"] for p in pages.values() if p.get("axe") is not None]
    if not runs:
        return None
    rules: dict[str, dict[str, Any]] = {}
    for violations in runs:
        for v in violations:
            rule = rules.setdefault(v["id"], {**v, "targets": []})
            rule["targets"] += [t for t in v["targets"] if t not in rule["targets"]]
    by_impact = Counter(r["impact"] or "unknown" for r in rules.values())
    severe = [r for r in rules.values() if r["impact"] in ("serious", "critical")]
    return {"by_impact": dict(by_impact), "serious_critical": severe, "all": list(rules.values())}


def ensure_lighthouse(node_dir: Path, timeout: int) -> None:
    if (node_dir / "node_modules" / ".bin" / "lighthouse").exists():
        return
    if shutil.which("npm") is None:
        raise RuntimeError("npm is not installed")
    node_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        [
            "npm",
            "install",
            "--prefix",
            str(node_dir),
            "--no-audit",
            "--no-fund",
            "--no-save",
            "lighthouse@12",
        ],
        check=True,
        timeout=timeout,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )


def run_lighthouse(url: str, node_dir: Path, timeout: int, runs: int) -> dict[str, Any]:
    """The run with the median performance score of ``runs``, or the first run's error."""
    results: list[dict[str, Any]] = []
    for _ in range(runs):
        result = lighthouse_once(url, node_dir, timeout)
        if "error" in result:
            if not results:
                return result
            break
        results.append(result)
    results.sort(key=lambda r: r["performance"] if r["performance"] is not None else -1)
    return {**results[len(results) // 2], "performance_runs": [r["performance"] for r in results]}


def lighthouse_once(url: str, node_dir: Path, timeout: int) -> dict[str, Any]:
    """Lighthouse desktop scores (0-100), or ``{"error": one line}`` when it cannot run."""
    try:
        ensure_lighthouse(node_dir, timeout)
        with tempfile.TemporaryDirectory(prefix="trilateral-lh-") as tmp:
            out = Path(tmp) / "lh.json"
            cmd = [
                "npx",
                "--no-install",
                "lighthouse",
                url,
                "--quiet",
                "--output=json",
                f"--output-path={out}",
                "--chrome-flags=--headless=new --no-sandbox",
                "--preset=desktop",
                "--only-categories=performance,accessibility",
            ]
            env = {**os.environ, "CHROME_PATH": CHROMIUM}
            code, stderr = run_group(cmd, node_dir, env, timeout)
            if code != 0 or not out.exists():
                tail = (stderr.strip().splitlines() or ["no output"])[-1]
                return {"error": f"lighthouse exited {code}: {tail[:200]}"}
            return lighthouse_figures(json.loads(out.read_text()))
    except subprocess.TimeoutExpired as exc:
        return {"error": f"{Path(str(exc.cmd[0])).name} timed out after {timeout} s"}
    except subprocess.CalledProcessError as exc:
        tail = (str(exc.stderr or "").strip().splitlines() or ["no output"])[-1]
        return {"error": f"npm install lighthouse failed ({exc.returncode}): {tail[:200]}"}
    except (OSError, RuntimeError, ValueError) as exc:
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0][:200]}"}


def run_group(cmd: list[str], cwd: Path, env: dict[str, str], timeout: int) -> tuple[int, str]:
    """Run ``cmd`` in its own process group; on timeout kill the group (node and its Chromium)."""
    proc = subprocess.Popen(
        cmd,
        cwd=cwd,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return proc.returncode, stderr


def lighthouse_figures(lhr: dict[str, Any]) -> dict[str, Any]:
    if lhr.get("runtimeError"):
        return {"error": f"runtime error: {lhr['runtimeError'].get('message', '')[:200]}"}
    score = {
        k: round(100 * v["score"]) if v.get("score") is not None else None
        for k, v in lhr["categories"].items()
    }
    audits = lhr["audits"]
    metrics = [
        "first-contentful-paint",
        "largest-contentful-paint",
        "total-blocking-time",
        "cumulative-layout-shift",
        "speed-index",
        "dom-size",
        "total-byte-weight",
    ]
    return {
        "performance": score.get("performance"),
        "accessibility": score.get("accessibility"),
        "metrics": {m: audits[m].get("displayValue") for m in metrics if m in audits},
        "benchmark_index": lhr.get("environment", {}).get("benchmarkIndex"),
        "version": lhr.get("lighthouseVersion"),
    }


def verdict(ok: bool | None) -> str:
    return "no goal" if ok is None else ("goal met" if ok else "goal missed")


def rows(
    pages: dict[str, dict[str, Any]], lh: dict[str, Any] | None, axe: dict[str, Any] | None
) -> list[tuple[str, str, str, str, str]]:
    """(figure, desktop, phone, goal, verdict) for the table and the JSON."""
    d, p = pages["desktop"], pages["phone"]
    out: list[tuple[str, str, str, str, str]] = []

    def add(name: str, dv: Any, pv: Any, goal: str, ok: bool | None) -> None:
        out.append((name, str(dv), str(pv), goal, verdict(ok)))

    add(
        "DOM elements at load",
        d["elements"],
        p["elements"],
        f"< {MAX_ELEMENTS}",
        max(d["elements"], p["elements"]) < MAX_ELEMENTS,
    )
    add("DOM nodes at load (all kinds)", d["nodes"], p["nodes"], "-", None)
    add(
        "DOM elements, all charts drawn",
        d["charts"]["elements_after"],
        p["charts"]["elements_after"],
        "-",
        None,
    )
    add(
        "<details> open / total at load",
        f"{d['details_open']}/{d['details']}",
        f"{p['details_open']}/{p['details']}",
        "-",
        None,
    )
    add("page weight (bytes transferred)", d["bytes"], p["bytes"], "-", None)
    add("requests", d["requests"], p["requests"], "-", None)
    add(
        "scroll width (px)",
        d["scroll_width"],
        p["scroll_width"],
        "phone <= 390",
        p["scroll_width"] <= VIEWPORTS["phone"][0],
    )
    add(
        "#answer ends at (px)",
        d["answer_end"],
        p["answer_end"],
        "desktop 1 screen, phone 2",
        None
        if d["answer_end"] is None
        else d["answer_end"] <= VIEWPORTS["desktop"][1]
        and p["answer_end"] <= 2 * VIEWPORTS["phone"][1],
    )
    add(
        "charts drawn / in DOM",
        charts_cell(d["charts"]),
        charts_cell(p["charts"]),
        "all in DOM",
        all(c["drawn"] == c["in_dom"] and not c["error"] for c in (d["charts"], p["charts"])),
    )
    if lh is not None and "error" not in lh:
        add(
            "Lighthouse performance",
            runs_cell(lh),
            "-",
            f">= {MIN_PERFORMANCE} desktop",
            lh["performance"] is not None and lh["performance"] >= MIN_PERFORMANCE,
        )
        add("Lighthouse accessibility", lh["accessibility"], "-", "-", None)
    if axe is not None:
        severe = sum(axe["by_impact"].get(k, 0) for k in ("serious", "critical"))
        add("axe violations (rules, both)", axe_cell(axe), "", "0 serious/critical", severe == 0)
    return out


def runs_cell(lh: dict[str, Any]) -> str:
    runs = lh["performance_runs"]
    return str(lh["performance"]) + (f" (median of {runs})" if len(runs) > 1 else "")


def charts_cell(c: dict[str, Any]) -> str:
    return f"{c['drawn']}/{c['in_dom']}" + (f" ({c['failed']} failed)" if c["failed"] else "")


def axe_cell(axe: dict[str, Any]) -> str:
    order = ["critical", "serious", "moderate", "minor", "unknown"]
    return ", ".join(f"{k} {axe['by_impact'][k]}" for k in order if k in axe["by_impact"]) or "0"


def print_table(report: dict[str, Any]) -> None:
    head = ("figure", "desktop", "phone", "goal", "")
    table = [head, *report["table"]]
    widths = [max(len(r[i]) for r in table) for i in range(len(head))]
    print(f"report page: {report['url']} ({report['report_dir']})")
    for r in table:
        print("  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip())
    print_notes(report)


def print_notes(report: dict[str, Any]) -> None:
    pages, lh, axe = report["pages"], report["lighthouse"], report["axe"]
    for name, page in pages.items():
        c = page["charts"]
        print(
            f"{name}: {page['charts']['in_dom']} charts in the DOM after load, "
            f"{page['charts_in_folds']} more inside closed folds (templates)"
            + (f"; {c['error']}" if c.get("error") else "")
            + (f"; {len(page['page_errors'])} page errors" if page["page_errors"] else "")
        )
    if lh is None:
        print("Lighthouse: skipped (--no-lighthouse)")
    elif "error" in lh:
        print(f"Lighthouse could not run: {lh['error']}")
    else:
        print(
            f"Lighthouse {lh['version']} desktop (benchmarkIndex {lh['benchmark_index']}): "
            + ", ".join(f"{k} {v}" for k, v in lh["metrics"].items())
        )
    if axe is None:
        print(f"axe-core: skipped (no file at {report['axe_path']})")
        return
    rules = ", ".join(f"{r['id']} ({r['impact']})" for r in axe["all"]) or "none"
    print(f"axe-core, both viewports, after trilateralDrawAll(): {rules}")
    for rule in axe["serious_critical"]:
        shown = rule["targets"][:5]
        more = f" (+{len(rule['targets']) - 5} more)" if len(rule["targets"]) > 5 else ""
        print(f"axe {rule['impact']} {rule['id']}: {rule['help']}: {', '.join(shown)}{more}")


def measure(report_dir: Path, opts: argparse.Namespace) -> dict[str, Any]:
    axe_path = Path(opts.axe) if opts.axe and Path(opts.axe).exists() else None
    server, url = serve(report_dir)
    try:
        pages = measure_pages(url, axe_path)
        lh = (
            None
            if opts.no_lighthouse
            else run_lighthouse(
                url, Path(opts.node_dir), opts.lighthouse_timeout, opts.lighthouse_runs
            )
        )
    finally:
        server.shutdown()
    axe = merge_axe(pages)
    table = rows(pages, lh, axe)
    return {
        "report_dir": str(report_dir),
        "url": url,
        "table": table,
        "pages": pages,
        "lighthouse": lh,
        "axe": axe,
        "axe_path": opts.axe,
        "goals": {name: ok for name, *_, ok in table if ok != "no goal"},
    }


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--report", help="existing report directory (default: build one in a temp dir)")
    ap.add_argument("--axe", default=DEFAULT_AXE, help=f"axe.min.js (default {DEFAULT_AXE})")
    ap.add_argument(
        "--node-dir",
        default=str(DEFAULT_NODE_DIR),
        help="folder holding (or to receive) the lighthouse npm package",
    )
    ap.add_argument("--lighthouse-timeout", type=int, default=600, help="seconds (default 600)")
    ap.add_argument("--lighthouse-runs", type=int, default=1, help="median of N runs (default 1)")
    ap.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    return ap.parse_args()


def main() -> int:
    opts = parse_args()
    tmp = None if opts.report else Path(tempfile.mkdtemp(prefix="trilateral-page-"))
    try:
        report_dir = Path(opts.report) if opts.report else tmp / "report"  # type: ignore[operator]
        if tmp is not None:
            build_report(report_dir)
        if not (report_dir / "index.html").exists():
            print(f"no index.html in {report_dir}", file=sys.stderr)
            return 2
        report = measure(report_dir, opts)
    except (PlaywrightError, subprocess.SubprocessError) as exc:
        print(f"could not measure the page: {str(exc).splitlines()[0][:300]}", file=sys.stderr)
        return 2
    finally:
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if opts.json:
        print(json.dumps(report, indent=2, default=str))
    else:
        print_table(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
