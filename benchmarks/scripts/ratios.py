#!/usr/bin/env python3
"""Prints the ratio tables of BENCHMARKS.md from JMH JSON results (python3, standard library only).

Usage: python3 benchmarks/scripts/ratios.py benchmarks/results/embedded-t1.json [more.json ...]
Each row: contender, parameters, score +- error, and the ratio Headroom / contender for the same scenario.
"""
import json
import sys


def rows(path):
    for r in json.load(open(path)):
        name = r["benchmark"].rsplit(".", 1)[1]
        params = ",".join(f"{k}={v}" for k, v in sorted(r.get("params", {}).items()))
        m = r["primaryMetric"]
        yield name, params, r["threads"], m["score"], m["scoreError"], m["scoreUnit"]


def scenario(name):
    # headroomHotKey -> HotKey, bucket4jProbeHotKey -> HotKey, headroomSync -> Sync
    for prefix in ("headroom", "bucket4jProbe", "bucket4j", "resilience4j", "guava", "rawEvalsha"):
        if name.startswith(prefix):
            return prefix, name[len(prefix):]
    return name, ""


for path in sys.argv[1:]:
    data = list(rows(path))
    ours = {(scenario(n)[1], p, t): s for n, p, t, s, e, u in data if n.startswith("headroom")}
    print(f"\n{path}")
    print("| benchmark | params | threads | score ± error | Headroom ÷ this |")
    print("|---|---|---|---|---|")
    for n, p, t, s, e, u in sorted(data, key=lambda r: (scenario(r[0])[1], r[1], r[0])):
        h = ours.get((scenario(n)[1], p, t))
        ratio = f"{h / s:.2f}" if h and not n.startswith("headroom") else "—"
        print(f"| {n} | {p} | {t} | {s:,.2f} ± {e:,.2f} {u} | {ratio} |")
