"""Times gsn2x and OSCAL imports against baselines measured in the same run; prints figures."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from workbench.interop.gsn2x import parse_gsn2x
from workbench.interop.oscal import framework_from_oscal

NOW = dt.datetime(2025, 6, 1, tzinfo=dt.UTC)


def best_of(runs: int, func: Callable[[], object]) -> float:
    """Fastest of several runs, in seconds (the least disturbed by other processes)."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return min(times)


# --------------------------------------------------------------------------- gsn2x


def gsn2x_document(elements: int) -> str:
    """A gsn2x argument: goals split by strategies (with context) down to solutions."""
    bodies: dict[str, list[str]] = {}
    queue = ["G1"]
    count = 1
    next_goal = 2
    while queue:
        goal = queue.pop(0)
        number = goal[1:]
        # Split further only while every goal still waiting can get its solution.
        if count + 5 + len(queue) + 3 <= elements:
            children = [f"G{next_goal + k}" for k in range(3)]
            next_goal += 3
            bodies[goal] = [
                f"  text: Hazard group {goal} is acceptably mitigated for the deployment",
                f"  supportedBy: [S{number}]",
                f"  inContextOf: [C{number}]",
                "  horizontalIndex:",
                "    relative: 0",
            ]
            bodies[f"S{number}"] = [
                f"  text: Argue over the sub-hazards of {goal}",
                f"  supportedBy: [{', '.join(children)}]",
            ]
            bodies[f"C{number}"] = [f"  text: Hazard log entry for {goal}", "  url: https://x.org"]
            queue.extend(children)
            count += 5
        else:
            bodies[goal] = [
                f"  text: Sub-hazard {goal} is mitigated",
                f"  supportedBy: [Sn{number}]",
            ]
            bodies[f"Sn{number}"] = [
                f"  text: Evaluation report for {goal}",
                "  layer1: owner team",
            ]
            count += 1
    lines = ["module:", "  name: Synthetic", "  brief: Generated argument for timing", ""]
    for element_id, body in bodies.items():
        lines.extend([f"{element_id}:", *body, ""])
    return "\n".join(lines)


def bench_gsn2x(elements: int, runs: int) -> None:
    text = gsn2x_document(elements)
    count = len(yaml.safe_load(text)) - 1
    baseline = best_of(runs, lambda: yaml.safe_load(text))
    ours = best_of(runs, lambda: parse_gsn2x(text, source="bench.gsn.yaml", now=NOW))
    print(f"gsn2x import, {count} elements ({len(text) / 1e6:.1f} MB):")
    print(f"  yaml.safe_load (baseline)  {baseline * 1000:8.1f} ms")
    print(f"  parse_gsn2x                {ours * 1000:8.1f} ms   ({ours / baseline:.2f}x baseline)")


# --------------------------------------------------------------------------- OSCAL


def _statement(control_id: str, params: list[str], items: int) -> dict[str, Any]:
    parts = []
    for n in range(items):
        label = "abcdefghij"[n]
        prose = f"Perform activity {label} for the system"
        if params:
            prose += f" as defined by {{{{ insert: param, {params[n % len(params)]} }}}}"
        sub = [
            {
                "id": f"{control_id}_smt.{label}.{k}",
                "name": "item",
                "props": [{"name": "label", "value": f"{k}."}],
                "prose": f"Sub-activity {k} of item {label}.",
            }
            for k in (1, 2)
        ]
        parts.append(
            {
                "id": f"{control_id}_smt.{label}",
                "name": "item",
                "props": [{"name": "label", "value": f"{label}."}],
                "prose": prose + ";",
                "parts": sub,
            }
        )
    return {"id": f"{control_id}_smt", "name": "statement", "parts": parts}


def _control(control_id: str, title: str, label: str, enhancements: int) -> dict[str, Any]:
    params: list[dict[str, Any]] = [
        {"id": f"{control_id}_prm_1", "label": "organization-defined personnel or roles"},
        {
            "id": f"{control_id}_prm_2",
            "select": {
                "how-many": "one-or-more",
                "choice": ["organization-level", "mission-level", "system-level"],
            },
        },
        {"id": f"{control_id}_prm_3", "values": ["at least annually"]},
    ]
    control: dict[str, Any] = {
        "id": control_id,
        "class": "SP800-53",
        "title": title,
        "params": params,
        "props": [
            {"name": "label", "value": label},
            {"name": "sort-id", "value": control_id.replace("-", "-0")},
        ],
        "parts": [
            _statement(control_id, [p["id"] for p in params], 3),
            {
                "id": f"{control_id}_gdn",
                "name": "guidance",
                "prose": "Guidance text explaining the intent of the control. " * 6,
            },
        ],
    }
    if enhancements:
        control["controls"] = [
            {
                "id": f"{control_id}.{n}",
                "class": "SP800-53-enhancement",
                "title": f"{title} enhancement {n}",
                "params": [{"id": f"{control_id}.{n}_prm_1", "label": "frequency"}],
                "props": [{"name": "label", "value": f"{label}({n})"}],
                "parts": [
                    _statement(f"{control_id}.{n}", [f"{control_id}.{n}_prm_1"], 2),
                    {
                        "id": f"{control_id}.{n}_gdn",
                        "name": "guidance",
                        "prose": "Enhancement guidance. " * 4,
                    },
                ],
            }
            for n in range(1, enhancements + 1)
        ]
    return control


def oscal_catalog(controls: int) -> dict[str, Any]:
    """An 800-53-shaped catalog: 20 families, two with nested groups, controls + enhancements."""
    families = [f"f{n:02d}" for n in range(20)]
    per_family = controls // len(families)
    groups = []
    for family in families:
        made: list[dict[str, Any]] = []
        used = 0
        n = 1
        while used < per_family:
            enhancements = min(3 if n % 2 else 1, per_family - used - 1)
            made.append(
                _control(f"{family}-{n}", f"Control {family}-{n}", f"{family}-{n}", enhancements)
            )
            used += 1 + enhancements
            n += 1
        group: dict[str, Any] = {"id": family, "class": "family", "title": f"Family {family}"}
        if family in ("f00", "f01"):
            half = len(made) // 2
            group["groups"] = [
                {
                    "id": f"{family}-a",
                    "class": "subfamily",
                    "title": "Part A",
                    "controls": made[:half],
                },
                {
                    "id": f"{family}-b",
                    "class": "subfamily",
                    "title": "Part B",
                    "controls": made[half:],
                },
            ]
        else:
            group["controls"] = made
        groups.append(group)
    return {
        "catalog": {
            "uuid": "6b8c3f6a-2a3f-4b39-9c46-1d2e3f4a5b6c",
            "metadata": {
                "title": "Synthetic Security and Privacy Controls",
                "last-modified": "2025-01-01T00:00:00+00:00",
                "version": "5.1.1",
                "oscal-version": "1.1.2",
            },
            "groups": groups,
        }
    }


def bench_oscal(controls: int, runs: int) -> None:
    from trestle.oscal.catalog import Catalog

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalog.json"
        path.write_text(json.dumps(oscal_catalog(controls)))

        def ours() -> object:
            return framework_from_oscal(json.loads(path.read_bytes()), source=path.name)

        def trestle_read() -> object:
            return Catalog.oscal_read(path)

        def trestle_parse() -> object:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # parse_obj is pydantic v1 API, deprecated
                return Catalog.parse_obj(json.loads(path.read_bytes())["catalog"])

        count = len(ours().requirements)  # type: ignore[attr-defined]
        size = path.stat().st_size / 1e6
        read = best_of(runs, trestle_read)
        parse = best_of(runs, trestle_parse)
        mine = best_of(runs, ours)
    print(f"OSCAL import, {count} controls and enhancements ({size:.1f} MB):")
    print(f"  trestle Catalog.oscal_read  {read * 1000:8.1f} ms")
    print(f"  trestle Catalog.parse_obj   {parse * 1000:8.1f} ms")
    print(f"  framework_from_oscal       {mine * 1000:8.1f} ms   ({mine / read:.2f}x oscal_read)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elements", type=int, default=5000)
    parser.add_argument("--controls", type=int, default=1200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    bench_gsn2x(args.elements, args.runs)
    try:
        bench_oscal(args.controls, args.runs)
    except ImportError:
        print("OSCAL: compliance-trestle is not installed (test extra); comparison skipped")


if __name__ == "__main__":
    main()
