"""One UI frame of the middleware panel: 1,000 RTPC updates and one state change.

Group ``ui-notif-panel-1000rtpc-1state`` (the whole frame) and
``ui-notif-panel-refresh`` (only the flush: notification plus refreshes): the slot demo's definitions on a
``Middleware`` (no engine), its panel mounted in the offscreen window. Each
round sets the WinAmount RTPC 1,000 times and toggles GameMode, then
flushes: the middleware coalesces it all into ONE notification. The panel
refreshes only the sections whose domain bit is set (RTPC, States); the
baseline (``rebuild_all=True``) refreshes all five on every notification.
``extra_info`` records, per frame, the notifications delivered, the
sections refreshed and the widgets inside them (the work done), and the
property callbacks that fired on the panel's shown properties.
"""
import pytest

from fluxforge.demo.slot import slot_middleware, write_slot_sounds
from fluxforge.middleware import Middleware

RTPC_UPDATES = 1000
SHOWN = {"EventPad": ("playing",), "RtpcRow": ("target", "value"), "VoicesSection": ("text",),
         "ToggleButton": ("state",)}


def _count_callbacks(panel, counter):
    for widget in panel.walk():
        for prop in SHOWN.get(type(widget).__name__, ()):
            widget.fbind(prop, lambda *_a: counter.__setitem__(0, counter[0] + 1))


def _changes(mw, state):
    for i in range(RTPC_UPDATES):
        mw.rtpc.set("WinAmount", (i * 37) % 101)
    state[0] = "FreeSpins" if state[0] == "Base" else "Base"
    mw.states.set("GameMode", state[0])


def _frame(mw, state, frames):
    _changes(mw, state)
    mw.flush()
    frames[0] += 1


@pytest.fixture(scope="module")
def slot_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slot-sounds")
    write_slot_sounds(folder)  # the music follows GameMode: it reads its clips' lengths
    return folder


def _run(benchmark, kivy_window, folder, rebuild_all, ui_only=False):
    from app.widgets.mw_panel import MiddlewarePanel
    mw = Middleware()
    mw.load(slot_middleware(), folder=folder)
    panel = kivy_window.mount(MiddlewarePanel(mw, rebuild_all=rebuild_all))
    mw.flush()
    callbacks, state, frames = [0], ["Base"], [0]
    _count_callbacks(panel, callbacks)
    refreshes = [s.refreshes for s in panel.sections]
    notes = mw.notifications
    if ui_only:  # time only the notification and the panel's refreshes
        def setup():
            _changes(mw, state)
            frames[0] += 1
        benchmark.pedantic(mw.flush, setup=setup, rounds=30, warmup_rounds=1, iterations=1)
    else:
        benchmark.pedantic(_frame, args=(mw, state, frames), rounds=30, warmup_rounds=1,
                           iterations=1)
    notifications = mw.notifications - notes  # frames run: 31, or 1 with --benchmark-disable
    refreshed = [s for s, before in zip(panel.sections, refreshes) if s.refreshes > before]
    per_frame = sum(s.refreshes for s in panel.sections) - sum(refreshes)
    benchmark.extra_info.update({
        "notifications_per_frame": notifications / frames[0],
        "sections_refreshed_per_frame": per_frame / frames[0],
        "widgets_in_refreshed_sections": sum(len(list(s.walk())) for s in refreshed),
        "property_callbacks_per_frame": callbacks[0] / frames[0]})
    mw.dispose()
    return panel, refreshed


@pytest.mark.benchmark(group="ui-notif-panel-1000rtpc-1state")
def test_rebuild_every_section(benchmark, kivy_window, slot_folder):
    benchmark.extra_info["baseline"] = True
    _, refreshed = _run(benchmark, kivy_window, slot_folder, rebuild_all=True)
    assert len(refreshed) == 5


@pytest.mark.benchmark(group="ui-notif-panel-1000rtpc-1state")
def test_rebuild_changed_sections(benchmark, kivy_window, slot_folder):
    _, refreshed = _run(benchmark, kivy_window, slot_folder, rebuild_all=False)
    assert sorted(type(s).__name__ for s in refreshed) == ["RtpcSection", "StatesSection"]
    assert benchmark.extra_info["notifications_per_frame"] == 1


@pytest.mark.benchmark(group="ui-notif-panel-refresh")
def test_refresh_every_section(benchmark, kivy_window, slot_folder):
    benchmark.extra_info["baseline"] = True
    _run(benchmark, kivy_window, slot_folder, rebuild_all=True, ui_only=True)


@pytest.mark.benchmark(group="ui-notif-panel-refresh")
def test_refresh_changed_sections(benchmark, kivy_window, slot_folder):
    _, refreshed = _run(benchmark, kivy_window, slot_folder, rebuild_all=False, ui_only=True)
    assert len(refreshed) == 2
