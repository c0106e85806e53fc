"""Analyse many audio files, on Dask workers or in this process.

``analyze(paths)`` finds the audio files (folders recursively), measures each
one (:func:`~fluxforge.batch.row.analyze_row`: figures or an error row, and
its waveforms into the cache) and returns the rows in discovery order. With a
``store`` (:class:`~fluxforge.batch.store.ResultStore`), files already
measured with the same size and modification time are not measured again,
and the report is written at the end. Batches smaller than
:data:`SMALL_BATCH` files run in this process unless a client, scheduler or
worker count is given (starting a cluster costs seconds); larger ones start a
local Dask cluster. On a cluster, files travel in chunks of nearly equal
size (a few tasks per worker thread, at most :data:`MAX_CHUNK_FILES` files
each, a whole number of tasks per thread), so the cost of
scheduling a task is shared by several files; a chunk whose task fails
(its workers kept dying) gives an error row per file.

Example
-------
>>> rows = analyze(["/no/such.wav"], workers=0, cache_dir=None)
>>> rows[0]["error"]
'/no/such.wav: no such file'
"""
import contextlib

from fluxforge.batch.cluster import batch_client
from fluxforge.batch.discover import discover
from fluxforge.batch.heap import roomy_heap
from fluxforge.batch.progress import Progress
from fluxforge.batch.row import analyze_row, error_row
from fluxforge.batch.store import file_stamp
from fluxforge.cache.location import cache_folder

SMALL_BATCH = 8
TASKS_PER_THREAD = 4        # enough tasks to keep every worker busy to the end
MAX_CHUNK_FILES = 16        # and few enough files per task to show progress
DEFAULT = object()


def _measure_local(todo, cache_dir, progress):
    for path in todo:
        yield path, analyze_row(path, cache_dir)
        progress.step()


def analyze_rows(paths, cache_dir):
    """:func:`~fluxforge.batch.row.analyze_row` of each path (one Dask task).

    Runs in :func:`~fluxforge.batch.heap.roomy_heap`: a Dask worker's fixed
    malloc thresholds would otherwise map and fault in every decoded file.
    """
    with roomy_heap():
        return [analyze_row(path, cache_dir) for path in paths]


def split_chunks(files, threads):
    """``files`` in chunks for ``threads`` worker threads: a multiple of
    ``threads`` chunks (at least :data:`TASKS_PER_THREAD` per thread, at most
    :data:`MAX_CHUNK_FILES` files each, never empty) whose sizes differ by at
    most one, so every thread ends with about the same share.

    >>> [len(c) for c in split_chunks(list(range(200)), 2)]
    [15, 15, 15, 15, 14, 14, 14, 14, 14, 14, 14, 14, 14, 14]
    >>> [len(c) for c in split_chunks(list(range(40)), 1)], len(split_chunks([1, 2, 3], 8))
    ([10, 10, 10, 10], 3)
    """
    threads = max(1, threads)
    count = max(TASKS_PER_THREAD * threads, -(-len(files) // MAX_CHUNK_FILES))
    count = min(len(files), -(-count // threads) * threads)
    size, extra = divmod(len(files), max(1, count))
    chunks, start = [], 0
    for i in range(count):
        end = start + size + (i < extra)
        chunks.append(files[start:end])
        start = end
    return chunks


def _threads(client):
    workers = client.scheduler_info()["workers"].values()
    return sum(worker.get("nthreads", 1) for worker in workers)


def _measure_dask(client, todo, cache_dir, progress):
    from distributed import as_completed
    chunks = split_chunks(todo, _threads(client))
    futures = client.map(analyze_rows, [[str(p) for p in chunk] for chunk in chunks],
                         cache_dir=cache_dir, pure=False,
                         key=[f"analyze-{i}-{chunk[0].name}" for i, chunk in enumerate(chunks)])
    chunk_of = {f.key: chunk for f, chunk in zip(futures, chunks)}
    for future in as_completed(futures):
        chunk = chunk_of[future.key]
        try:
            rows = future.result()
        except Exception as err:    # the task itself failed, e.g. its workers kept dying
            rows = [error_row(p, f"{p}: not measured: {type(err).__name__}: {err}")
                    for p in chunk]
        yield from zip(chunk, rows)
        progress.step(len(chunk))
        future.release()


def _client_context(client, scheduler, workers, count):
    if client is not None:
        return contextlib.nullcontext(client)
    if scheduler is None and workers is None and count < SMALL_BATCH:
        workers = 0
    return batch_client(scheduler, workers)


def analyze(paths, client=None, *, scheduler=None, workers=None, store=None,
            cache_dir=DEFAULT, progress_stream=None):
    """The rows (list of dicts, :data:`~fluxforge.batch.row.ROW_COLUMNS`) of ``paths``.

    Parameters
    ----------
    paths : iterable of str or os.PathLike
        Audio files and folders (searched recursively).
    client : distributed.Client, optional
        Run on this client's cluster (left running).
    scheduler : str, optional
        Address of a running Dask scheduler, e.g. ``tcp://127.0.0.1:8786``.
    workers : int, optional
        Worker processes of the local cluster; 0 measures in this process.
    store : ResultStore, optional
        Skip files it already has unchanged; write the report and index.
    cache_dir : path or None, default ``cache_folder()``
        Where the waveform overviews and pyramids go; None writes none.
    progress_stream : file, optional
        Where the progress line goes (default stderr; drawn only on a terminal).
    """
    files = discover(paths)
    if cache_dir is DEFAULT:
        cache_dir = cache_folder()
    cache_dir = None if cache_dir is None else str(cache_dir)
    stamps = {str(p): file_stamp(p) for p in files}
    rows = {}
    if store is not None:
        for path in files:
            row = store.done(path, stamps[str(path)])
            if row is not None:
                rows[str(path)] = row
    todo = [p for p in files if str(p) not in rows]
    progress = Progress(len(todo), progress_stream)
    try:
        if todo:
            with _client_context(client, scheduler, workers, len(todo)) as active:
                measured = (_measure_local(todo, cache_dir, progress) if active is None
                            else _measure_dask(active, todo, cache_dir, progress))
                for path, row in measured:
                    rows[str(path)] = row
    finally:
        progress.close()
    ordered = [rows[str(p)] for p in files]
    if store is not None:
        store.save(ordered, stamps)
    return ordered
