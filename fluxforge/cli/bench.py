"""fluxforge bench: run the benchmarks and print the performance summary table.

Runs the pytest-benchmark suites (a checkout's benchmarks/, else the installed
fluxforge.benchmarks; a few minutes; --quick for a rough table in under a minute) and prints the performance
summary measured on this machine: each row compares FluxForge with its
baseline (scalar kernel, NumPy/SciPy, naive Python) in the same run, with the
ratio (>1 = FluxForge is faster). Rows about bytes rather than time (the disk
cache quota) are measured directly with the real components. Timings depend on the machine and its load:
compare runs on the same quiet machine. --json writes the table and the
machine description for tracking over time.

Example
-------
    fluxforge bench --json bench-summary.json
    fluxforge bench --quick -k "render or batch"
    fluxforge bench --from-json raw-pytest-benchmark.json
"""
import json
import sys
from pathlib import Path

from fluxforge.cache.atomic import write_text_atomic
from fluxforge.bench.counts import add_count_rows
from fluxforge.bench.report import format_table, machine_summary, run_benchmarks, summary_rows


def add_arguments(parser):
    parser.add_argument("--quick", action="store_true", help="few rounds per benchmark (rough)")
    parser.add_argument("-k", dest="select", default=None, metavar="EXPRESSION",
                        help="only the benchmarks matching this pytest -k expression")
    parser.add_argument("--json", dest="json_out", type=Path, default=None, metavar="FILE",
                        help="also write the summary (machine + rows) as JSON")
    parser.add_argument("--raw-json", type=Path, default=None, metavar="FILE",
                        help="also keep pytest-benchmark's full JSON")
    parser.add_argument("--from-json", type=Path, default=None, metavar="FILE",
                        help="do not run anything: summarise an existing pytest-benchmark JSON")


def run(args):
    for path in (args.json_out, args.raw_json):
        if path is not None and not path.parent.is_dir():
            raise FileNotFoundError(f"cannot write {path}: folder {path.parent} does not exist")
    if args.from_json is not None:
        try:
            doc = json.loads(args.from_json.read_text())
        except json.JSONDecodeError as err:
            raise ValueError(f"{args.from_json} is not pytest-benchmark JSON ({err})") from None
    else:
        print("running the benchmarks (pytest benchmarks --benchmark-only)...", file=sys.stderr,
              flush=True)
        doc = run_benchmarks(quick=args.quick, select=args.select)
    if not isinstance(doc, dict) or not isinstance(doc.get("benchmarks"), list):
        raise ValueError("the benchmark JSON has no 'benchmarks' list")
    rows = add_count_rows(summary_rows(doc))
    machine = machine_summary(doc)
    print(f"FluxForge performance summary, measured on {machine['cpu']} ({machine['cores']} cores, "
          f"{machine['system']}, Python {machine['python']}, SIMD {machine['simd_level']}), "
          f"{machine['date'] or 'date unknown'}")
    print(format_table(rows))
    measured = sum(row["measured"] for row in rows)
    print(f"{measured} comparisons measured; {len(doc['benchmarks'])} benchmarks ran. "
          "Ratio = baseline time / FluxForge time (>1 = faster).")
    if args.json_out is not None:
        write_text_atomic(args.json_out, json.dumps({"machine": machine, "rows": rows}, indent=2) + "\n")
    if args.raw_json is not None:
        write_text_atomic(args.raw_json, json.dumps(doc, indent=2) + "\n")
    return 0
