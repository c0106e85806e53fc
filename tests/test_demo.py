"""The demo stems and session: real WAV files, musical, deterministic, loopable."""
import hashlib

import numpy as np
import pytest
import soundfile

from fluxforge.demo import project as demo
from fluxforge.demo.synth import add_wrapped, midi_to_hz
from fluxforge.session import load_session

LOOP_FRAMES = 4 * 16 * 6000     # 4 bars of 16 sixteenths at 120 BPM, 48 kHz


@pytest.fixture(scope="module")
def demo_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo")
    demo.write_demo(folder)
    return folder


def _digest(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_writes_every_stem_as_48k_wav_of_one_loop(demo_folder):
    for name in demo.STEMS:
        info = soundfile.info(demo_folder / "stems" / f"{name}.wav")
        assert (info.samplerate, info.frames, info.format) == (48000, LOOP_FRAMES, "WAV")
    channels = {n: soundfile.info(demo_folder / "stems" / f"{n}.wav").channels for n in demo.STEMS}
    assert channels == {"drums": 2, "bass": 1, "pad": 2, "lead": 1, "coins": 2, "room": 2}


def test_session_routes_music_sfx_and_ambience(demo_folder):
    session = load_session(demo_folder / "demo.fluxforge.json")
    buses = {t.name: t.bus for t in session.tracks}
    assert buses == {"Drums": "Music", "Bass": "Music", "Pad": "Music", "Lead": "Music",
                     "Coins": "Sfx", "Room": "Ambience"}
    assert session.samplerate == 48000 and session.loop.end_frame == LOOP_FRAMES


def test_output_is_deterministic(demo_folder, tmp_path):
    demo.write_demo(tmp_path)
    assert _digest(tmp_path) == _digest(demo_folder)


def test_rewrite_leaves_no_temporary_files(demo_folder, tmp_path):
    demo.write_demo(tmp_path)
    demo.write_demo(tmp_path)
    names = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file())
    from fluxforge.demo.slot import SOUNDS
    assert names == (["demo.fluxforge.json", "demo.script.json"]
                     + sorted(f"slot/{n}.wav" for n in SOUNDS)
                     + [f"stems/{n}.wav" for n in sorted(demo.STEMS)])


def _dominant_hz(audio, samplerate=48000):
    spectrum = np.abs(np.fft.rfft(audio * np.hanning(audio.shape[0])))
    return np.fft.rfftfreq(audio.shape[0], 1 / samplerate)[np.argmax(spectrum)]


def test_lead_opens_on_e5_and_pad_plays_a_minor():
    lead = demo.render_stem("lead")
    assert _dominant_hz(lead[:12000]) == pytest.approx(midi_to_hz(76), abs=4)
    pad = demo.render_stem("pad")[24000:96000, 0].astype(np.float64)
    spectrum = np.abs(np.fft.rfft(pad * np.hanning(pad.shape[0])))
    freqs = np.fft.rfftfreq(pad.shape[0], 1 / 48000)
    strongest = freqs[np.argsort(spectrum)[-40:]]
    for note in (57, 60, 64):       # A3, C4, E4
        assert np.min(np.abs(strongest - midi_to_hz(note))) < 3


def test_kick_lands_on_the_beat():
    drums = demo.render_stem("drums")[:, 0].astype(np.float64)
    energy = np.convolve(drums ** 2, np.ones(480), mode="same")
    third_beat_of_bar_2 = (16 + 8) * 6000
    assert energy[third_beat_of_bar_2] > 10 * energy[third_beat_of_bar_2 - 2000]


def test_stems_loop_without_a_gap():
    # the pad's release and the room tone continue across the loop point
    for name in ("pad", "room"):
        audio = demo.render_stem(name)
        head, tail = audio[:480], audio[-480:]
        assert np.sqrt(np.mean(head ** 2)) > 0.01
        assert np.sqrt(np.mean(tail ** 2)) > 0.01
        step = np.max(np.abs(audio[0] - audio[-1]))
        assert step <= np.max(np.abs(np.diff(audio, axis=0)))


def test_add_wrapped_wraps_past_the_end():
    loop = np.zeros(10)
    add_wrapped(loop, 8, np.arange(1.0, 6.0))
    assert loop.tolist() == [3, 4, 5, 0, 0, 0, 0, 0, 1, 2]
    add_wrapped(loop, 25, np.ones(25))          # longer than the loop: wraps more than once
    assert loop.sum() == 15 + 25


def test_bad_arguments_are_named():
    with pytest.raises(KeyError, match="unknown demo stem 'tuba'"):
        demo.render_stem("tuba")
    with pytest.raises(ValueError, match="samplerate"):
        demo.render_stem("bass", samplerate=100)
    with pytest.raises(TypeError, match="folder must be a path"):
        demo.write_demo(42)


def test_stem_at_another_samplerate_keeps_the_tempo():
    assert demo.render_stem("bass", samplerate=44100).shape == (4 * 16 * 5512,)
