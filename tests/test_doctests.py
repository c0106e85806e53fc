"""Every example in fluxforge's docstrings runs, in a folder with real files.

The examples run with the working directory set to a temporary folder that
holds ``drums.wav`` (two seconds of stereo noise, written with soundfile) and
with a namespace that gives them ``np``, ``engine`` (a real offline Engine)
and ``track_id`` (a track on it). Each module with examples must have run
some, and the total must not shrink unnoticed.
"""
import doctest
import importlib
import pkgutil

import numpy as np
import pytest
import soundfile as sf

import app
import fluxforge

#: modules whose examples play through a sound card: they run on the JACK dummy server
LIVE = {"fluxforge.engine.devices", "fluxforge.engine.stream"}
SKIP = {"fluxforge.__main__", "fluxforge.cli.__main__"}
MODULES = sorted(m.name for m in pkgutil.walk_packages(fluxforge.__path__, "fluxforge.")
                 if m.name not in SKIP and ".benchmarks" not in m.name)
#: the touch surface's modules (Kivy, offscreen in the tests)
APP_MODULES = sorted(m.name for m in pkgutil.walk_packages(app.__path__, "app."))


@pytest.fixture
def doctest_folder(tmp_path, monkeypatch):
    rng = np.random.default_rng(7)
    sf.write(tmp_path / "drums.wav", (0.1 * rng.standard_normal((96000, 2))).astype(np.float32),
             48000, subtype="FLOAT")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def namespace():
    from fluxforge import Engine
    engine = Engine(48000, 512)
    track_id = engine.add_track(np.zeros((4800, 2), np.float32), name="pad", bus="Music")
    a, b = (engine.add_track(np.zeros((4800, 2), np.float32)) for _ in range(2))
    ids = np.zeros(8, np.uint64)
    pl, pr, rl, rr, corr = (np.zeros(8) for _ in range(5))
    fn, engine_state = engine._render_entry()
    return {"np": np, "engine": engine, "track_id": track_id, "a": a, "b": b, "ids": ids,
            "pl": pl, "pr": pr, "rl": rl, "rr": rr, "corr": corr, "BUS_COUNT": 6,
            "fn": fn, "engine_state": engine_state}


@pytest.fixture(scope="session")
def demo_session_path(tmp_path_factory):
    from fluxforge.demo import write_demo
    return write_demo(tmp_path_factory.mktemp("doctest-demo"))


def app_namespace(kivy_window, demo_session_path):
    """The touch surface's examples also get ``mixer`` (an offline MixerModel over
    ``engine``'s tracks), ``window`` (the test harness's real Kivy window) and
    ``opened`` (the demo session, opened as the studio opens it, saved in the
    working folder)."""
    import shutil
    from app.mixer_model import MixerModel
    from app.session_open import open_session
    shutil.copytree(demo_session_path.parent, "demo")
    names = namespace()
    names.update(mixer=MixerModel(names["engine"], offline=True), window=kivy_window,
                 opened=open_session(f"demo/{demo_session_path.name}"))
    return names


def run_examples(name, extra=None):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder()
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    examples = 0
    for test in finder.find(module, name):
        test.globs.update(extra or namespace())
        examples += len(test.examples)
        try:
            runner.run(test)
        finally:
            close_engines(test.globs)
    result = runner.summarize(verbose=False)
    return examples, result


def close_engines(names):
    """Close every engine an example left in ``names`` (a live stream would keep
    PortAudio from terminating at the end of the session)."""
    from fluxforge import Engine
    for value in list(names.values()):
        engine = value if isinstance(value, Engine) else getattr(value, "engine", None)
        if isinstance(engine, Engine):
            engine.close()


@pytest.mark.parametrize("name", MODULES + APP_MODULES)
def test_module_examples_run(name, doctest_folder, request):
    if name in LIVE:
        request.getfixturevalue("jack_device")
    extra = {}
    if name in APP_MODULES:
        extra = app_namespace(request.getfixturevalue("kivy_window"),
                              request.getfixturevalue("demo_session_path"))
    examples, result = run_examples(name, extra)
    assert result.failed == 0, f"{name}: {result.failed} failing examples"
    assert result.attempted == examples, f"{name}: {examples - result.attempted} examples are skipped"


def test_examples_exist():
    finder = doctest.DocTestFinder()
    counts = {name: sum(len(test.examples) for test in finder.find(importlib.import_module(name)))
              for name in MODULES}
    assert sum(counts.values()) >= 350
    assert sum(1 for count in counts.values() if count) >= 40


def test_app_examples_exist():
    finder = doctest.DocTestFinder()
    counts = {name: sum(len(test.examples) for test in finder.find(importlib.import_module(name)))
              for name in APP_MODULES}
    assert sum(counts.values()) >= 15
