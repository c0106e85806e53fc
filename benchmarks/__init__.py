"""FluxForge's pytest-benchmark suites (installed as ``fluxforge.benchmarks``; run by ``fluxforge bench``)."""
