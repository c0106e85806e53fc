"""roomy_heap: a Dask worker's fixed malloc thresholds raised for a task, then restored."""
import json
import os
import subprocess
import sys

# Minor page faults of 20 rounds of an 8 MiB array, written and freed: outside
# the block, inside it (after a nested use ended), and outside again (the
# thresholds restored).
PROBE = """
import json, resource
import numpy as np
from fluxforge.batch.heap import roomy_heap

def faults():
    start = resource.getrusage(resource.RUSAGE_SELF).ru_minflt
    for _ in range(20):
        a = np.empty(1 << 20)
        a[:] = 1.0
        del a
    return resource.getrusage(resource.RUSAGE_SELF).ru_minflt - start

before = faults()
with roomy_heap() as raised:
    with roomy_heap():          # a nested use: its exit keeps the outer raise
        pass
    inside = faults()
after = faults()
print(json.dumps({"raised": raised, "before": before, "inside": inside, "after": after}))
"""


def probe(env):
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True,
                         text=True, check=True).stdout
    return json.loads(out)


def test_a_dask_worker_environment_stops_faulting_in_every_array():
    env = {**os.environ, "MALLOC_TRIM_THRESHOLD_": "65536"}    # what Dask's nanny sets
    seen = probe(env)
    assert seen["raised"] is True
    # every round maps the array anew and faults it in (huge pages where numpy
    # asks for them); inside, the heap's pages are reused; after, it maps again
    assert seen["before"] > 5 * seen["inside"]
    assert seen["after"] > 5 * seen["inside"]


def test_without_such_a_variable_nothing_changes():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MALLOC_")}
    assert probe(env)["raised"] is False

