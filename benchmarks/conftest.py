"""Shared ratio reporter for every benchmark file in the project.

Convention: within one pytest-benchmark group, the benchmark whose
``benchmark.extra_info["baseline"] is True`` is the reference (a NumPy/SciPy
or plain-Python expression of the same work, or the scalar kernel). At the
end of the run, for each group that has a baseline, this prints a table of
name, mean time and ``ratio = baseline_mean / mean`` (">1 = faster than the
baseline"), and stores ``extra_info["ratio"]`` (and ``"baseline_name"``) in
every benchmark of the group, so it lands in ``--benchmark-json`` too.
Groups without a baseline are listed with a note instead of ratios.

Example, in a benchmark file::

    @pytest.mark.benchmark(group="mix_add-f64-65536")
    def test_numpy(benchmark):
        benchmark.extra_info["baseline"] = True
        benchmark(np.add, dst, src, out=dst)

Run: ``python -m pytest benchmarks/<file> --benchmark-only`` (or
``--benchmark-disable`` as a smoke test: nothing is timed, no table).

The suites also ship in the package as ``fluxforge.benchmarks`` (what
``fluxforge bench`` runs when installed). There, without a checkout's
``tests/fixtures`` (the offscreen Kivy harness), the UI frame benchmarks are
skipped and say so; everything else runs the same.
"""
from collections import defaultdict
from pathlib import Path

import pytest

#: the checkout's shared fixtures (loaded by the root conftest), absent once installed
CHECKOUT_FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures"


def _timed_benchmarks(config):
    session = getattr(config, "_benchmarksession", None)
    if session is None or session.disabled:
        return []
    return [b for b in session.benchmarks if b and b.stats is not None and b.stats.rounds]


def _groups(benchmarks):
    groups = defaultdict(list)
    for bench in benchmarks:
        groups[bench.group or "(no group)"].append(bench)
    return groups


@pytest.hookimpl(hookwrapper=True, tryfirst=True)
def pytest_sessionfinish(session, exitstatus):
    """Store ratios before pytest-benchmark saves its JSON (its hook runs inside ours)."""
    for members in _groups(_timed_benchmarks(session.config)).values():
        baselines = [b for b in members if b.extra_info.get("baseline") is True]
        if len(baselines) != 1:
            continue
        base = baselines[0]
        for bench in members:
            bench.extra_info["ratio"] = base.stats.mean / bench.stats.mean
            bench.extra_info["baseline_name"] = base.name
    yield


@pytest.hookimpl(trylast=True)
def pytest_terminal_summary(terminalreporter, config):
    benchmarks = _timed_benchmarks(config)
    if not benchmarks:
        return
    write = terminalreporter.write_line
    terminalreporter.section("ratios vs baseline (>1 = faster than baseline)")
    for group, members in sorted(_groups(benchmarks).items()):
        write(f"[{group}]")
        baselines = [b for b in members if b.extra_info.get("baseline") is True]
        if len(baselines) != 1:
            write(f"  (no single baseline: {len(baselines)} benchmarks marked baseline)")
        width = max(len(b.name) for b in members)
        for bench in sorted(members, key=lambda b: b.stats.mean):
            ratio = bench.extra_info.get("ratio")
            ratio_text = f"{ratio:8.2f}x" if ratio is not None else "        -"
            mark = "  (baseline)" if bench.extra_info.get("baseline") is True else ""
            write(f"  {bench.name:<{width}}  {bench.stats.mean * 1e6:12.3f} us  "
                  f"{ratio_text}{mark}")


@pytest.fixture
def record_ns_per_unit(benchmark):
    """``record(key, units)``: after ``benchmark(...)`` ran, store the mean time per
    unit (sample, call, channel-sample...) in nanoseconds as ``extra_info[key]``.
    Does nothing under ``--benchmark-disable`` (there is no timing then)."""
    def record(key, units):
        if benchmark.stats is not None:
            benchmark.extra_info[key] = benchmark.stats.stats.mean / units * 1e9
    return record


if not CHECKOUT_FIXTURES.is_dir():
    _NO_HARNESS = ("needs the offscreen Kivy harness of a source checkout (tests/fixtures); "
                   "run 'fluxforge bench' from a checkout for the UI frame rows")

    @pytest.fixture(scope="session")
    def kivy_window():
        pytest.skip(_NO_HARNESS)

    @pytest.fixture
    def ui_engine_factory():
        pytest.skip(_NO_HARNESS)
