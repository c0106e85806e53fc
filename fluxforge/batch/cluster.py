"""The Dask client of a batch: an existing cluster, a local one, or none at all.

Without a scheduler address a :class:`distributed.LocalCluster` of worker
processes (one thread each: the C kernels hold no GIL, but decoding does) is
started, one per core unless told otherwise, and closed afterwards. With an
address (``tcp://HOST:8786``, from ``dask scheduler`` / ``dask worker``) the
client connects to that cluster and leaves it running. Workers must see the
files under the same paths (one machine, or a shared file system).

Example
-------
>>> with batch_client(workers=0) as client:
...     client is None
True
"""
import contextlib
import logging
import os

CONNECT_TIMEOUT_S = 10


def default_workers():
    """One worker process per core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


def _quiet_dask_logs():
    for name in ("distributed", "distributed.worker", "distributed.scheduler",
                 "distributed.nanny", "distributed.core"):
        logging.getLogger(name).setLevel(logging.ERROR)


@contextlib.contextmanager
def batch_client(scheduler=None, workers=None):
    """Yield a ``distributed.Client`` (or None for ``workers=0``: in-process).

    Raises OSError naming the address when the scheduler cannot be reached.
    """
    if scheduler is None and workers == 0:
        yield None
        return
    from distributed import Client, LocalCluster
    _quiet_dask_logs()
    if scheduler is not None:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT_S)
        except (OSError, TimeoutError, ValueError) as err:
            raise OSError(f"cannot connect to the Dask scheduler at {scheduler}: {err}") from None
        with client:
            yield client
        return
    with LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1,
                      processes=True, dashboard_address=":0",
                      silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        yield client
