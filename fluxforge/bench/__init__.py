"""The performance summary of ``fluxforge bench``: :mod:`~fluxforge.bench.report` runs the
benchmark suites and builds the table, :mod:`~fluxforge.bench.counts` adds the measured
counts (not timings) to it."""
