"""The outlook's section of the HTML report: fan charts, signposts, the path index, backtest,
and "After Cancún" (what the data said on 31 March 2006, what was projected, what happened).

The section follows the plug-in shape of :mod:`trilateral.report.providers`; bands are drawn
from each record's ``lower`` and ``upper``. With an as-of date everything, the backtest's and
the replay's realised values included, uses only what was public by then.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from trilateral.outlook import targets as tg
from trilateral.outlook.backtest import DEFAULT_START, DEFAULT_STEPS, backtest
from trilateral.outlook.core import DEFAULT_HORIZON, Outlook, run
from trilateral.outlook.forecast import SeriesForecast, get_config
from trilateral.outlook.replay import CANCUN, after_cancun, closing_note, story

FAN_SERIES = ("trade_share:USA:CAN+MEX:total", "trade_share:CAN:USA:total",
              "trade_share:MEX:USA:total", "trade_share:USA:CHN:total",
              "regional_introversion:USA+CAN+MEX:USA+CAN+MEX:total",
              "ledger_events:ledger:reversal:count")
HISTORY_YEARS = 20


def section(as_of: dt.date | None = None) -> dict[str, Any] | None:
    """The report section (cached with the paths' result cache when it is available)."""
    try:
        from trilateral.paths import cache
    except ImportError:
        return build(as_of)
    k = cache.key("outlook-section", as_of=as_of)
    if (hit := cache.read("outlook-section", k)) is not None:
        return json.loads(hit)
    from trilateral.console import dumps

    out = build(as_of)
    cache.write("outlook-section", k, dumps(out).encode())
    return json.loads(dumps(out))


def build(as_of: dt.date | None = None, *, start: int = DEFAULT_START,
          use_paths: bool = True, calibrated: bool = True) -> dict[str, Any]:
    """The section; ``start`` is the first backtest origin, ``use_paths`` adds path verdicts,
    ``calibrated=False`` keeps the models' own intervals and leaves out the questions."""
    obs = tg.observations()
    if as_of is not None:
        obs = tg.Observations(obs.known(as_of), obs.gaps, obs.ledger)
    o = run(as_of=as_of, horizon=DEFAULT_HORIZON, obs=obs, use_paths=use_paths,
            calibrated=calibrated)
    last_origin = (as_of or dt.date.today()).year - 1
    bt = backtest(start=min(start, last_origin), end=last_origin, steps=DEFAULT_STEPS,
                  obs=obs, calibrated=calibrated).to_dict()
    tables = [forecast_table(o), signpost_table(o), index_table(o), backtest_table(bt)]
    if as_of is None and calibrated:
        tables.append(questions_table())
    charts = [fan_chart(sf) for sf in o.series if sf.target.key in FAN_SERIES and sf.ok]
    charts.append(index_chart(o))
    if as_of is None or as_of >= CANCUN:
        replay = after_cancun(obs=obs, use_paths=use_paths, calibrated=calibrated)
        tables += [cancun_paths_table(replay), cancun_table(replay)]
        charts += [fan_chart(sf, replay) for sf in replay.series
                   if sf.target.key == FAN_SERIES[0] and sf.ok]
    return {"title": f"Outlook to {DEFAULT_HORIZON}: forecasts, signposts, path index, "
                     "backtest, questions, and After Cancún",
            "note": _note(o, bt), "tables": tables, "charts": charts}


def _note(o: Outlook, bt: dict[str, Any]) -> str:
    top = o.path_index[0]
    h = bt["headline"]
    text = (f"Highest normalised evidence index by {o.horizon}: {top['path']} "
            f"({top['index']:.2f}; not a probability, values near 1/6 mean the evidence does "
            f"not single out a path). Backtest ({bt['from']}-{bt['to']} origins), headline "
            f"{h['label']}: calibrated intervals held {_pct(h.get('coverage_80_calibrated'))} "
            f"(80%) and {_pct(h.get('coverage_95_calibrated'))} (95%) of realised values; skill "
            f"against persistence {_num(h.get('skill_mase'))} (MASE).")
    for f in bt["by_family"].values():
        text += f" {f['label'][0].upper()}{f['label'][1:]}: {f['skill_note']}."
    if o.stakes:
        text += " " + o.stakes["text"]
    return text


def _pct(x: float | None) -> str:
    return "n/a" if x is None else f"{100 * x:.0f}%"


def _num(x: float | None, digits: int = 2) -> str:
    return "n/a" if x is None else f"{x:.{digits}f}"


def forecast_table(o: Outlook) -> dict[str, Any]:
    rows = []
    for sf in o.series:
        h = sf.history
        last = f"{h.iloc[-1]:.3g} ({h.index[-1]})" if len(h) else "none"
        if sf.ok:
            lo80, hi80 = (b[-1] for b in sf.bounds(0.8))
            lo95, hi95 = (b[-1] for b in sf.bounds(0.95))
            rows.append([sf.target.label, last, f"{sf.point()[-1]:.3g}",
                         f"{lo80:.3g}-{hi80:.3g}", f"{lo95:.3g}-{hi95:.3g}",
                         sf.model.split(" on ")[0]])
        else:
            rows.append([sf.target.label, last, "", "", "", f"no forecast: {sf.reason}"])
    return {"title": f"Forecasts for {o.horizon} (median and intervals)",
            "columns": ["series", "last known", str(o.horizon), "80%", "95%", "model"],
            "rows": rows, "note": f"{get_config(o.config).text.capitalize()} (ETS models), on "
                                  "the logit (shares), atanh (introversion) or log(1+x) (counts) "
                                  "scale; intervals are mapped back from that scale."}


def signpost_table(o: Outlook) -> dict[str, Any]:
    rows = [[s["path"], s["text"], s["status"], s["detail"],
             "" if s["probability"] is None else f"{s['probability']:.2f}"]
            for s in o.signposts]
    return {"title": "Signposts: what would show a path taking over",
            "columns": ["path", "signpost", "status", "data", f"P(met in {o.horizon})"],
            "rows": rows, "note": "Status from what was public on the as-of date; unknown when "
                                  "the data are missing. Probabilities from simulated paths of "
                                  "the series' model, or a Poisson rate of ledger events."}


def index_table(o: Outlook) -> dict[str, Any]:
    rows = []
    for p in o.path_index:
        c = p["components"]
        rows.append([p["path"], round(p["index"], 3),
                     *(f"{_num(c[k]['value'])}: {c[k]['basis']}" for k in
                       ("verdict", "momentum", "signposts"))])
    from trilateral.outlook.pathindex import METHOD

    return {"title": f"Normalised evidence index of the paths, {o.horizon}",
            "columns": ["path", "index", "verdict", "momentum", "signposts"], "rows": rows,
            "note": METHOD}


def questions_table() -> dict[str, Any]:
    """The forecast questions with trilateral's and the base rate's chance, and the scores of
    resolved ones (:mod:`.questions`)."""
    from trilateral.outlook import questions

    reg = questions.evaluate()
    rows = [[q["id"], q["question"], q["resolves"], _num(q["probability"]),
             _num(q["base_rate"]["value"]), q["status"],
             "" if q["outcome"] is None else ("yes" if q["outcome"] else "no")]
            for q in reg["questions"]]
    s = reg["scores"]
    return {"title": "Forecast questions", "rows": rows,
            "columns": ["id", "question", "resolves", "trilateral", "base rate", "status",
                        "outcome"],
            "note": (f"Resolved: {s['n']}; Brier {_num(s['brier'], 3)} against "
                     f"{_num(s['brier_base_rate'], 3)} for the base rates; log score "
                     f"{_num(s['log_score'], 3)} against {_num(s['log_score_base_rate'], 3)}. "
                     + questions.NOTE)}


def backtest_table(bt: dict[str, Any]) -> dict[str, Any]:
    families = [{**f, "label": f"family: {f['label']}"} for f in bt["by_family"].values()]
    rows = [[r["label"], r["n"], _pct(r["coverage_80"]), _pct(r["coverage_95"]),
             _num(r["mase"]), _num(r["mase_persistence"]), _num(r["skill_mase"]),
             _num(r["skill_crps"])]
            for r in [{"label": "all series (mixed scales)", **bt["all_series_mixed_scales"]},
                      *families,
                      *bt["by_series"].values()]]
    notes = " ".join(f"{f['label'][0].upper()}{f['label'][1:]}: {f['skill_note']}."
                     for f in bt["by_family"].values())
    s = bt["signposts"]["overall"]
    worse = bt["signposts"]["worse_than_climatology"]
    flagged = "; ".join(f"{k}: {bt['signposts']['by_signpost'][k]['flag']}" for k in worse)
    return {"title": f"Backtest: origins 31 March {bt['from']}-{bt['to']}, "
                     f"{bt['steps']} years ahead",
            "columns": ["series", "n", "80% coverage", "95% coverage", "MASE",
                        "MASE persistence", "skill (MASE)", "skill (CRPS)"], "rows": rows,
            "note": f"skill = 1 - model / persistence (above 0: better than carrying the last "
                    f"value forward). {notes} Signposts one year ahead: Brier {_num(s['brier'], 3)} "
                    f"against {_num(s['brier_persistence'], 3)} for persistence and "
                    f"{_num(s['brier_climatology'], 3)} for climatology (n={s['n']}). "
                    + (f"Worse than climatology: {flagged}. " if worse else "")
                    + " ".join(bt["caveats"])}


def cancun_table(replay: Outlook) -> dict[str, Any]:
    rows = [[r["series"], f"{r['then']:.3g} ({r['then_year']})", f"{r['projected']:.3g}",
             f"{r['lower_80']:.3g}-{r['upper_80']:.3g}",
             "" if r["realized"] is None else f"{r['realized']:.3g}",
             "" if r["hit_80"] is None else ("inside" if r["hit_80"] else "outside")]
            for r in story(replay)]
    return {"title": "After Cancún: what the data said on 31 March 2006, what was projected "
                     f"for {replay.horizon}, what happened",
            "columns": ["series", "known then", f"projected {replay.horizon}", "80% interval",
                        "realised", "80% interval"], "rows": rows,
            "note": closing_note(replay)}


def cancun_paths_table(replay: Outlook) -> dict[str, Any]:
    """What the data said about the paths on 31 March 2006: verdicts and the index."""
    verdicts = replay.verdicts or {}
    rows = [[p["path"], (verdicts.get(p["path"]) or {}).get("verdict", "not assessed"),
             round(p["index"], 3)] for p in replay.path_index]
    return {"title": "After Cancún: the paths as the data stood on 31 March 2006",
            "columns": ["path", "verdict then", f"evidence index {replay.horizon}"],
            "rows": rows,
            "note": "Verdicts from trilateral.paths with only what was public on that day; "
                    "the index by the method of the table above (not a probability)."}


def fan_chart(sf: SeriesForecast, replay: Outlook | None = None) -> dict[str, Any]:
    """History, the forecast median with 80% and 95% bands, and realised values (replays)."""
    hist = sf.history.iloc[-HISTORY_YEARS:]
    # years as text: the renderer starts a numeric x axis at zero, an ordinal one at the data
    data = [{"year": str(y), "value": float(v), "lower": None, "upper": None,
             "band": "known then" if replay else "observed"} for y, v in hist.items()]
    for level in (0.95, 0.8):
        lo, hi = sf.bounds(level)
        data += [{"year": str(y), "value": float(p), "lower": float(a), "upper": float(b),
                  "band": f"forecast, {round(level * 100)}% interval"}
                 for y, p, a, b in zip(sf.years, sf.point(), lo, hi, strict=True)]
    if replay is not None:
        truth = replay.truth.get(sf.target.key)
        if truth is not None:
            data += [{"year": str(y), "value": float(v), "lower": None, "upper": None,
                      "band": "what happened"} for y, v in truth.items() if y in sf.years]
    title = (f"After Cancún: {sf.target.label}" if replay else sf.target.label)
    return {"title": title, "kind": "line", "x": "year", "y": "value", "lower": "lower",
            "upper": "upper", "color": "band", "data": data,
            "note": f"{sf.unit}. {sf.model}. Sources: {sf.sources}."}


def index_chart(o: Outlook) -> dict[str, Any]:
    data = [{"path": p["path"], "index": p["index"]} for p in o.path_index]
    return {"title": f"Normalised evidence index of the paths, {o.horizon}", "kind": "bar",
            "x": "path", "y": "index", "lower": None, "upper": None, "color": None,
            "data": data,
            "note": "Bars: the index (sums to 1 by construction; not a probability)."}
