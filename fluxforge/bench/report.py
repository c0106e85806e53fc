"""The performance summary: each subsystem's target figure beside the measured one.

``run_benchmarks()`` runs the project's pytest-benchmark suites
(``benchmarks/``, installed as ``fluxforge.benchmarks``) and returns pytest-benchmark's JSON document;
``summary_rows(doc)`` turns it into the summary table's rows and
``format_table(rows)`` prints them. Each row compares, inside one benchmark
group, the baseline (``extra_info["baseline"] = True``: the scalar kernel, the
NumPy/SciPy expression, the naive Python structure) with FluxForge's version
(the entry using the SIMD level in use, else each non-baseline entry) and gives the
ratio of the medians (robust against a busy machine's outliers). A row whose
benchmark does not exist (yet) says so instead of inventing a number.

Example
-------
>>> doc = {"benchmarks": [
...     {"group": "engine-batch-256x4", "name": "single", "stats": {"median": 2e-3},
...      "extra_info": {"baseline": True}},
...     {"group": "engine-batch-256x4", "name": "batch", "stats": {"median": 2e-5},
...      "extra_info": {}}]}
>>> row = [r for r in summary_rows(doc, simd_level="avx2") if r["measured"]][0]
>>> row["category"], row["after"]["name"], round(row["ratio"])
('Track parameter calls', 'batch', 100)
"""
import importlib.util
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
from pathlib import Path

# category, the target figure (before -> after), benchmark groups (regex)
SUMMARY = (
    ("UI notifications per frame", "127/frame -> 2/frame", (r"^ui-notif-",)),
    ("Middleware notifications per frame", "one per change -> one per frame", (r"^mw-notif-",)),
    ("UI frame, 64 strips", "per-property updates -> one batch per frame", (r"^ui-frame-",)),
    ("LRU cache operations", "O(n) list -> O(1)", (r"^lru-vs-list$",)),
    ("Waveform memory", "48000 samples -> 2048 points", (r"^overview-",)),
    ("Track parameter calls", "60 calls -> 1 call", (r"^engine-batch-", r"^ui-edits-")),
    ("Meter read", "full clone -> zero-copy", (r"^engine-read-meters-",)),
    ("Metering loop", "scalar -> SIMD (~6x)",
     (r"^levels-stereo_stats-f64-65536$", r"^numpy-stereo_meter-float64-65536$")),
    ("Bus summation", "scalar -> SIMD (~4x)",
     (r"^levels-mix_add-f64-65536$", r"^numpy-mix_add-float64-65536$")),
    ("Disk cache", "unbounded -> 2 GB quota", (r"disk",)),
    ("Full N-track render", "NumPy/SciPy -> engine", (r"^engine-render-N",)),
    ("Audio cache eviction", "sort in the audio thread -> background LRU", (r"^audio-cache-evict-",)),
    ("Audio callback", "Python callback -> C callback", (r"^callback-",)),
    ("Live loudness overhead", "master + 5 buses: <= 5 % of the N=256 render",
     (r"^live-loudness-",)),
    ("Loudness analysis, 60 s stereo", "pyloudnorm / libebur128 -> C meter",
     (r"^loudness-vs-pyloudnorm-", r"^loudness-vs-libebur128-")),
    ("Batch analysis, 200 files", "1 worker -> 2 workers (>= 1.7x)", (r"^batch-200-files-",)),
    ("Batch per-file overhead, 5 s files", "plain loop -> Dask (<= 20 %)",
     (r"^batch-overhead-",)),
)
# extra_info keys that are bookkeeping, not findings worth a note
_NOT_NOTES = {"baseline", "ratio", "baseline_name", "simd"}
BLAS_THREAD_VARS = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


def format_seconds(seconds):
    """``1.23 ms`` style: the unit that keeps 1..999 in front of the point."""
    for unit, scale in (("s", 1.0), ("ms", 1e-3), ("us", 1e-6)):
        if seconds >= scale:
            return f"{seconds / scale:.3g} {unit}"
    return f"{seconds / 1e-9:.3g} ns"


def _group_number(group):
    """Sort key: groups differing by a size sort numerically (N8 < N64 < N256)."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", group)]


def _notes(bench):
    """The benchmark's own findings (extra_info), e.g. ``memory_reduction=0.957``."""
    return {k: v for k, v in bench.get("extra_info", {}).items()
            if k not in _NOT_NOTES and isinstance(v, (int, float)) and not isinstance(v, bool)}


def _entry(bench):
    median = bench["stats"]["median"]
    return {"name": bench["name"], "median_s": median, "text": format_seconds(median),
            "notes": _notes(bench)}


def _ours(members, simd_level):
    """FluxForge's entries: the one using the SIMD level in use where the group
    compares levels, else every non-baseline entry (no cherry-picking)."""
    candidates = [b for b in members if b.get("extra_info", {}).get("baseline") is not True]
    in_use = [b for b in candidates
              if re.search(rf"(^|[\s\[(-]){re.escape(simd_level)}($|[\s\])-])", b["name"])]
    return in_use or sorted(candidates, key=lambda b: b["stats"]["median"])


def _comparisons(category, claim, group, members, simd_level):
    baselines = [b for b in members if b.get("extra_info", {}).get("baseline") is True]
    if len(baselines) != 1:
        return []
    before = _entry(baselines[0])
    return [{"category": category, "seed_claim": claim, "group": group, "measured": True,
             "before": before, "after": after, "ratio": before["median_s"] / after["median_s"]}
            for after in map(_entry, _ours(members, simd_level))]


def summary_rows(doc, simd_level=None):
    """The summary rows for a pytest-benchmark JSON document (see the module docstring).

    Parameters
    ----------
    doc : dict
        ``--benchmark-json`` output.
    simd_level : str, optional
        The level whose entries count as FluxForge's (default: the one in use).
    """
    if simd_level is None:
        from fluxforge import dsp
        simd_level = dsp.simd_level()
    groups = {}
    for bench in doc.get("benchmarks", []):
        groups.setdefault(bench.get("group") or "", []).append(bench)
    rows = []
    for category, claim, patterns in SUMMARY:
        found = [(g, groups[g]) for p in patterns
                 for g in sorted((g for g in groups if re.search(p, g)), key=_group_number)]
        made = [row for g, members in found
                for row in _comparisons(category, claim, g, members, simd_level)]
        rows += made or [{"category": category, "seed_claim": claim, "group": None,
                          "measured": False, "before": None, "after": None, "ratio": None}]
    return rows


def _note(key, value, before_notes):
    """``key=value``, or ``key=before->after`` when the baseline measured it differently."""
    old = before_notes.get(key)
    if old is None or old == value:
        return f"{key}={value:.3g}"
    return f"{key}={old:.3g}->{value:.3g}"


def format_table(rows):
    """The rows as a Markdown table (one line per compared benchmark group)."""
    lines = ["| Category | Benchmark group | Before (baseline) | After (FluxForge) | Ratio | Notes |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        if not row["measured"]:
            lines.append(f"| {row['category']} | (no benchmark yet) | target: "
                         f"{row['seed_claim']} | not measured | - | |")
            continue
        before, after = row["before"], row["after"]
        notes = ", ".join(_note(k, v, before["notes"]) for k, v in after["notes"].items())
        lines.append(f"| {row['category']} | {row['group']} | {before['name']}: {before['text']} "
                     f"| {after['name']}: {after['text']} | {row['ratio']:.1f}x | {notes} |")
    return "\n".join(lines)


def machine_summary(doc):
    """Where the numbers were measured: CPU, cores, OS, Python, SIMD level, date."""
    from fluxforge import dsp
    info = doc.get("machine_info", {})
    cpu = info.get("cpu", {})
    return {"cpu": cpu.get("brand_raw") or platform.processor() or platform.machine(),
            "cores": cpu.get("count") or os.cpu_count(),
            "system": f"{info.get('system', platform.system())} {info.get('release', platform.release())}",
            "python": info.get("python_version", platform.python_version()),
            "simd_level": dsp.simd_level(), "date": doc.get("datetime"),
            "commit": doc.get("commit_info", {}).get("id")}


def benchmarks_folder():
    """The benchmark suites: a checkout's ``benchmarks/`` when this package runs from
    one, else the installed ``fluxforge.benchmarks`` package's folder."""
    checkout = Path(__file__).resolve().parents[2] / "benchmarks"
    if (checkout / "conftest.py").is_file():
        return checkout
    spec = importlib.util.find_spec("fluxforge.benchmarks")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the benchmark suites are missing: no {checkout} and no "
                                "installed fluxforge.benchmarks package (reinstall fluxforge)")
    return Path(next(iter(spec.submodule_search_locations)))


def run_benchmarks(quick=False, select=None, log=None):
    """Run ``pytest benchmarks --benchmark-only`` in a subprocess; return its JSON document.

    Parameters
    ----------
    quick : bool
        Few rounds per benchmark (a rough table in well under a minute).
    select : str, optional
        A pytest ``-k`` expression to run only some benchmarks.
    log : file, optional
        Where pytest's own output goes (default: discarded unless it fails).

    NumPy's BLAS runs single-threaded (``OPENBLAS_NUM_THREADS=1`` etc., unless
    already set), like the engine's kernels, so baselines are not penalised
    (or helped) by thread contention.
    """
    folder = benchmarks_folder()
    if importlib.util.find_spec("pytest_benchmark") is None:
        raise RuntimeError("the benchmarks need pytest and pytest-benchmark: "
                           "pip install 'fluxforge[bench]'")
    with tempfile.TemporaryDirectory(prefix="fluxforge-bench-") as tmp:
        # a checkout runs under its own pytest settings; an installed copy from a scratch folder
        cwd = folder.parent if (folder.parent / "pyproject.toml").is_file() else tmp
        out = Path(tmp) / "bench.json"
        cmd = [sys.executable, "-m", "pytest", str(folder), "--benchmark-only", "-q",
               f"--benchmark-json={out}", "-p", "no:cacheprovider"]
        if quick:
            cmd += ["--benchmark-max-time=0.05", "--benchmark-min-rounds=3", "--benchmark-warmup=off"]
        if select:
            cmd += ["-k", select]
        # NumPy's BLAS would otherwise spin threads against the single-threaded
        # engine (and against each other on a small machine): compare like with like.
        env = {**{var: "1" for var in BLAS_THREAD_VARS}, **os.environ}
        proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
        if log is not None:
            log.write(proc.stdout + proc.stderr)
        if proc.returncode not in (0, 5) or not out.is_file():
            tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-15:])
            raise RuntimeError(f"the benchmarks failed (pytest exit status {proc.returncode}):\n{tail}")
        return json.loads(out.read_text())
