"""Render many session files, on Dask workers or in this process.

Each job bounces one session (the mix) or, with stems, one bus of it, with
the same loop as ``fluxforge render`` (:func:`fluxforge.engine.bounce.bounce`),
so the files are bit-identical to the serial render's. A bus stem is the
session rendered with that bus soloed (``Engine.set_bus_solo``): only
sources passing through the bus are heard, through the master section as in
the mix; the Master stem is the full mix. Files are named
``<session>.wav`` and, with stems, ``<session>.<Bus>.wav`` (``<session>``:
the session file's name without ``.fluxforge.json`` / ``.json``).

Example
-------
>>> [j.output.name for j in render_jobs(["a/demo.fluxforge.json"], "out", stems=False)]
['demo.wav']
"""
import contextlib
from dataclasses import dataclass
from pathlib import Path

from fluxforge.batch.cluster import batch_client
from fluxforge.batch.heap import roomy_heap
from fluxforge.batch.progress import Progress
from fluxforge.engine.types import BUS_NAMES

SUFFIXES = (".fluxforge.json", ".json")


@dataclass(frozen=True)
class RenderJob:
    """One file to render: ``session`` file, ``output`` file, soloed ``bus`` (None: mix)."""

    session: Path
    output: Path
    bus: str = None


def session_stem(path):
    """``demo`` for ``demo.fluxforge.json``."""
    name = Path(path).name
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[:-len(suffix)]
    return Path(name).stem


def render_jobs(sessions, out_dir, stems=False, ext=".wav"):
    """The :class:`RenderJob` s of ``sessions``: the mix, or each bus with ``stems``."""
    out_dir, jobs, names = Path(out_dir), [], {}
    for session in map(Path, sessions):
        stem = session_stem(session)
        if stem in names and names[stem] != session:
            raise ValueError(f"sessions {names[stem]} and {session} would both render to "
                             f"{stem}{ext} in {out_dir}; rename one")
        names[stem] = session
        if stems:
            jobs += [RenderJob(session, out_dir / f"{stem}.{bus}{ext}", bus) for bus in BUS_NAMES]
        else:
            jobs.append(RenderJob(session, out_dir / f"{stem}{ext}"))
    return jobs


def render_job(job, seconds=None, subtype=None, allow_outside=False, script=None):
    """Render one job; returns None, or the error message naming the session.

    Runs in :func:`~fluxforge.batch.heap.roomy_heap` (a Dask worker's clips
    are decoded into reused heap memory, as in a plain process).
    """
    from fluxforge.cli.session_args import open_session_engine
    from fluxforge.engine.bounce import bounce, output_format
    try:
        with roomy_heap():
            fmt, subtype = output_format(job.output, subtype)
            session, engine, frames = open_session_engine(job.session, seconds, allow_outside)
            if job.bus is not None:
                engine.set_bus_solo(job.bus, True)
            bounce(engine, frames, job.output, session.samplerate, fmt, subtype, script=script)
    except (OSError, ValueError, KeyError, RuntimeError) as err:
        return f"{job.session}: {err.args[0] if isinstance(err, KeyError) else err}"
    return None


def render_sessions(sessions, out_dir, stems=False, client=None, *, scheduler=None,
                    workers=None, seconds=None, subtype=None, allow_outside=False,
                    script=None, progress_stream=None):
    """Render ``sessions`` into ``out_dir``; returns ``[(job, error or None)]``.

    A single job runs in this process unless a client, scheduler or worker
    count is given; more start a local Dask cluster (see
    :func:`~fluxforge.batch.cluster.batch_client`). ``script`` (a JSON file of
    timed middleware actions, as ``fluxforge render --script``) is applied to
    every session and needs ``seconds``.
    """
    if script is not None and seconds is None:
        raise ValueError("--script needs --seconds (how long the scripted render lasts)")
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise FileNotFoundError(f"cannot write to {out_dir}: no such folder")
    jobs = render_jobs(sessions, out_dir, stems)
    if client is None and scheduler is None and workers is None and len(jobs) < 2:
        workers = 0
    options = dict(seconds=seconds, subtype=subtype, allow_outside=allow_outside,
                   script=None if script is None else str(Path(script).absolute()))
    progress = Progress(len(jobs), progress_stream, verb="rendered")
    errors = {}
    context = contextlib.nullcontext(client) if client is not None else batch_client(
        scheduler, workers)
    try:
        with context as active:
            if active is None:
                for job in jobs:
                    errors[job] = render_job(job, **options)
                    progress.step()
            else:
                from distributed import as_completed
                futures = active.map(render_job, jobs, pure=False, **options)
                job_of = {f.key: j for f, j in zip(futures, jobs)}
                for future in as_completed(futures):
                    job = job_of[future.key]
                    try:
                        errors[job] = future.result()
                    except Exception as err:    # the task failed, e.g. its workers died
                        errors[job] = f"{job.session}: not rendered: {type(err).__name__}: {err}"
                    progress.step()
    finally:
        progress.close()
    return [(job, errors[job]) for job in jobs]
