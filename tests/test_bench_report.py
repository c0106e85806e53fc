"""fluxforge bench: the summary rows, the table, and the command on real benchmarks."""
import json

import pytest

from fluxforge.bench.counts import measure_disk_quota
from fluxforge.bench.report import SUMMARY, format_seconds, format_table, summary_rows


def _bench(group, name, median_s, baseline=False):
    return {"group": group, "name": name, "stats": {"median": median_s},
            "extra_info": {"baseline": True} if baseline else {}}


DOC = {"datetime": "2026-01-22T10:00:00", "machine_info": {"cpu": {"brand_raw": "Test CPU", "count": 2}},
       "benchmarks": [
           _bench("levels-mix_add-f64-65536", "scalar", 8e-4, baseline=True),
           _bench("levels-mix_add-f64-65536", "sse4.2", 4e-4),
           _bench("levels-mix_add-f64-65536", "avx2", 2e-4),
           _bench("levels-mix_add-f64-65536", "avx512", 1e-4),
           _bench("engine-render-N64", "test_render_numpy_scipy[64]", 2e-3, baseline=True),
           _bench("engine-render-N64", "test_render_engine[64-avx2]", 2e-4),
           _bench("engine-render-N8", "test_render_numpy_scipy[8]", 4e-4, baseline=True),
           _bench("engine-render-N8", "test_render_engine[8-avx2]", 1e-4),
           _bench("engine-batch-256x4", "test_single_setters", 2e-3),     # no baseline marked
           _bench("engine-batch-256x4", "test_batch", 2e-5),
           _bench("overview-48k", "test_overview_numpy", 3e-4, baseline=True),
           {**_bench("overview-48k", "test_overview_fluxforge", 1e-4),
            "extra_info": {"memory_reduction": 0.95733, "simd": "avx2"}},
       ]}


def test_rows_compare_the_level_in_use_with_the_baseline():
    rows = {(r["category"], r["group"]): r for r in summary_rows(DOC, simd_level="avx2")}
    mix = rows[("Bus summation", "levels-mix_add-f64-65536")]
    assert (mix["before"]["name"], mix["after"]["name"], mix["ratio"]) == ("scalar", "avx2", 4.0)
    render = [r for r in summary_rows(DOC, simd_level="avx2") if r["category"] == "Full N-track render"]
    assert [r["group"] for r in render] == ["engine-render-N8", "engine-render-N64"]
    assert [r["ratio"] for r in render] == pytest.approx([4.0, 10.0])


def test_rows_without_a_usable_benchmark_say_so():
    rows = summary_rows(DOC, simd_level="avx2")
    assert [r["category"] for r in rows if not r["measured"]] == [
        c for c, _, _ in SUMMARY
        if c not in ("Bus summation", "Full N-track render", "Waveform memory")]
    assert "| Track parameter calls | (no benchmark yet) | target: 60 calls -> 1 call | not measured | - | |" \
        in format_table(rows)


def test_benchmark_findings_become_notes():
    rows = format_table(summary_rows(DOC, simd_level="avx2"))
    assert ("| Waveform memory | overview-48k | test_overview_numpy: 300 us | "
            "test_overview_fluxforge: 100 us | 3.0x | memory_reduction=0.957 |") in rows


def test_format_seconds():
    assert [format_seconds(s) for s in (2.5, 0.0123, 4.5e-6, 8.7e-10)] == \
        ["2.5 s", "12.3 ms", "4.5 us", "0.87 ns"]


def test_command_summarises_an_existing_json(run_cli, tmp_path):
    raw = tmp_path / "raw.json"
    raw.write_text(json.dumps(DOC))
    result = run_cli("bench", "--from-json", raw, "--json", tmp_path / "summary.json")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("FluxForge performance summary, measured on Test CPU (2 cores")
    assert "| Bus summation | levels-mix_add-f64-65536 | scalar: 800 us |" in result.stdout
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["machine"]["cpu"] == "Test CPU"
    assert len(summary["rows"]) == len(summary_rows(DOC))
    disk = [r for r in summary["rows"] if r["category"] == "Disk cache"][0]
    assert disk["measured"] and disk["after"]["value"] <= disk["quota_bytes"] < disk["before"]["value"]


def test_disk_quota_measurement_keeps_the_cache_under_its_quota():
    row = measure_disk_quota(files=20, quota_files=5)
    assert row["after"]["value"] <= row["quota_bytes"]
    assert row["after"]["notes"]["disk_evictions"] >= 15
    assert row["ratio"] >= 4
    with pytest.raises(ValueError, match="quota_files"):
        measure_disk_quota(files=5, quota_files=5)


def test_command_runs_real_benchmarks(run_cli, tmp_path):
    result = run_cli("bench", "--quick", "-k", "read_meters or meters_as_dict",
                     "--json", tmp_path / "s.json", "--raw-json", tmp_path / "raw.json", timeout=600)
    assert result.returncode == 0, result.stderr
    meter = [r for r in json.loads((tmp_path / "s.json").read_text())["rows"]
             if r["category"] == "Meter read"]
    assert meter and meter[0]["measured"] and meter[0]["ratio"] > 0
    assert meter[0]["after"]["name"] == "test_read_meters"
    raw = json.loads((tmp_path / "raw.json").read_text())
    assert {b["group"] for b in raw["benchmarks"]} == {meter[0]["group"]}


def test_command_errors(run_cli, tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    result = run_cli("bench", "--from-json", bad)
    assert result.returncode == 1 and "is not pytest-benchmark JSON" in result.stderr
    bad.write_text("[]")
    result = run_cli("bench", "--from-json", bad)
    assert result.returncode == 1 and "no 'benchmarks' list" in result.stderr
    result = run_cli("bench", "--from-json", bad, "--json", tmp_path / "nope" / "s.json")
    assert result.returncode == 1 and "does not exist" in result.stderr


def test_the_n256_render_row_shows_engine_time_numpy_ratio_and_limit_ratio():
    doc = {"benchmarks": [
        _bench("engine-render-N256", "test_render_numpy_scipy[N256]", 3e-3, baseline=True),
        {**_bench("engine-render-N256", "test_render_engine[N256-avx512]", 1.5e-4),
         "extra_info": {"simd": "avx512", "read_floor_us": 100.0, "bank_us": 90.0,
                        "limit_ratio": 1.5, "us_per_track": 0.586}}]}
    row = [r for r in summary_rows(doc, simd_level="avx512")
           if r["group"] == "engine-render-N256"][0]
    assert row["ratio"] == pytest.approx(20.0)
    line = [ln for ln in format_table([row]).splitlines() if "engine-render-N256" in ln][0]
    assert "test_render_engine[N256-avx512]: 150 us" in line and "| 20.0x |" in line
    assert "limit_ratio=1.5" in line and "read_floor_us=100" in line and "bank_us=90" in line
