"""Session files: round trips, validation messages, folder confinement, atomic saves."""
import copy
import json
import os

import numpy as np
import pytest
import soundfile

from fluxforge.session import (
    BusSpec, EqBand, LoopSpec, MasterSpec, Session, SessionError, TrackSpec, load_session,
    save_session, session_to_json, track_path)
from fluxforge.session.parse import session_from_dict


@pytest.fixture
def session_folder(tmp_path):
    (tmp_path / "audio").mkdir()
    for name, channels in (("kick", 1), ("keys", 2)):
        soundfile.write(tmp_path / "audio" / f"{name}.wav", np.zeros((480, channels)), 48000)
    session = Session(
        name="Test", tempo_bpm=98.0,
        tracks=[TrackSpec(name="Kick", file="audio/kick.wav", volume=0.5, pan=0.25,
                          eq=[EqBand(0, "highpass", 40.0), EqBand(3, "peaking", 2500.0, 2.0, -3.0)]),
                TrackSpec(name="Keys", file="audio/keys.wav", bus="Aux", pan=-0.5, pan_right=0.5,
                          mute=True, color="#123456")],
        buses={"Music": BusSpec(volume=0.8), "Sfx": BusSpec(output="Aux"),
               "Voice": BusSpec(pan=-0.2, pan_right=0.2, solo=True), "Ambience": BusSpec(),
               "Aux": BusSpec(output="Music", mute=True)},
        master=MasterSpec(volume=0.7, soft_clip=True), loop=LoopSpec(100, 4800),
        middleware={"states": {"Base": {"states": ["Idle", "Spin"]}}})
    save_session(session, tmp_path / "test.fluxforge.json")
    return tmp_path


def _doc(folder):
    return json.loads((folder / "test.fluxforge.json").read_text())


def test_load_save_load_is_identical(session_folder, tmp_path_factory):
    path = session_folder / "test.fluxforge.json"
    first = load_session(path)
    text = path.read_text()
    save_session(first, path)
    assert path.read_text() == text
    second = load_session(path)
    assert second == first
    assert second.tracks[0].eq[1] == EqBand(3, "peaking", 2500.0, 2.0, -3.0)
    assert second.middleware == {"states": {"Base": {"states": ["Idle", "Spin"]}}}


def test_defaults_are_filled_in_and_written_out(session_folder):
    doc = {"format": "fluxforge-session", "schema_version": 1, "name": "min",
           "tracks": [{"name": "Kick", "file": "audio/kick.wav"}]}
    session = session_from_dict(doc)
    assert session.tracks[0] == TrackSpec(name="Kick", file="audio/kick.wav")
    assert session.buses["Sfx"] == BusSpec() and session.master == MasterSpec()
    written = json.loads(session_to_json(session))
    assert written["buses"]["Music"]["output"] == "Master"
    assert session_from_dict(written) == session


@pytest.mark.parametrize("edit, field, value", [
    (lambda d: d.update(schema_version=2), "schema_version", 2),
    (lambda d: d.update(format="wav"), "format", "wav"),
    (lambda d: d.pop("name"), "name", None),
    (lambda d: d.update(samplerate=12345), "samplerate", 12345),
    (lambda d: d.update(blocksize=3), "blocksize", 3),
    (lambda d: d.update(colour="red"), "colour", "red"),
    (lambda d: d["tracks"][1].update(volume=2.5), "tracks[1].volume", 2.5),
    (lambda d: d["tracks"][1].update(volume="loud"), "tracks[1].volume", "loud"),
    (lambda d: d["tracks"][0].update(pan=-1.5), "tracks[0].pan", -1.5),
    (lambda d: d["tracks"][0].update(mute="yes"), "tracks[0].mute", "yes"),
    (lambda d: d["tracks"][0].update(bus="Drums"), "tracks[0].bus", "Drums"),
    (lambda d: d["tracks"][0].update(file=""), "tracks[0].file", ""),
    (lambda d: d["tracks"][0]["eq"][1].update(kind="wobble"), "tracks[0].eq[1].kind", "wobble"),
    (lambda d: d["tracks"][0]["eq"][1].update(freq_hz=30000.0), "tracks[0].eq[1].freq_hz", 30000.0),
    (lambda d: d["tracks"][0]["eq"][1].update(q=0.0), "tracks[0].eq[1].q", 0.0),
    (lambda d: d["tracks"][0]["eq"][1].update(gain_db=40.0), "tracks[0].eq[1].gain_db", 40.0),
    (lambda d: d["tracks"][0]["eq"][1].update(band=0), "tracks[0].eq[1].band", 0),
    (lambda d: d["tracks"][0]["eq"][1].update(band=7), "tracks[0].eq[1].band", 7),
    (lambda d: d["buses"]["Music"].update(output="Aux"), "buses.Music.output", "Aux"),
    (lambda d: d["buses"].update(Master={}), "buses.Master", {}),
    (lambda d: d["master"].update(volume=-1), "master.volume", -1),
    (lambda d: d.update(loop={"start_frame": 10, "end_frame": 10}), "loop.end_frame", 10),
    (lambda d: d.update(middleware=[]), "middleware", []),
    (lambda d: d.update(tracks={}), "tracks", {}),
])
def test_invalid_fields_are_named_with_their_value(session_folder, edit, field, value):
    doc = _doc(session_folder)
    edit(doc)
    with pytest.raises(SessionError) as caught:
        session_from_dict(doc)
    assert caught.value.field == field
    assert caught.value.value == value
    assert str(caught.value).startswith(f"{field}: {value!r} ")


def test_non_finite_numbers_are_refused(session_folder):
    path = session_folder / "test.fluxforge.json"
    path.write_text(path.read_text().replace('"volume": 0.5', '"volume": NaN'))
    with pytest.raises(SessionError, match=r"tracks\[0\]\.volume: nan is not a finite number"):
        load_session(path)


def test_broken_json_names_the_file_and_the_place(tmp_path):
    path = tmp_path / "bad.fluxforge.json"
    path.write_text('{"format": "fluxforge-session",\n "name": }')
    with pytest.raises(SessionError, match="is not valid JSON.*line 2"):
        load_session(path)
    with pytest.raises(FileNotFoundError):
        load_session(tmp_path / "missing.fluxforge.json")


@pytest.mark.parametrize("file", ["../outside.wav", "audio/../../outside.wav"])
def test_paths_escaping_the_folder_are_refused_unless_allowed(session_folder, file):
    outside = session_folder.parent / "outside.wav"
    soundfile.write(outside, np.zeros(10), 48000)
    doc = _doc(session_folder)
    doc["tracks"][0]["file"] = file
    path = session_folder / "test.fluxforge.json"
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionError, match="points outside the session folder") as caught:
        load_session(path)
    assert caught.value.field == "tracks[0].file"
    session = load_session(path, allow_outside=True)
    assert track_path(session, session.tracks[0]) == outside


def test_absolute_paths_and_symlinks_out_are_refused(session_folder):
    outside = session_folder.parent / "elsewhere.wav"
    soundfile.write(outside, np.zeros(10), 48000)
    os.symlink(outside, session_folder / "audio" / "link.wav")
    path = session_folder / "test.fluxforge.json"
    for file, problem in ((str(outside), "is an absolute path"),
                          ("audio/link.wav", "points outside")):
        doc = _doc(session_folder)
        doc["tracks"][0]["file"] = file
        path.write_text(json.dumps(doc))
        with pytest.raises(SessionError, match=problem):
            load_session(path)
        assert load_session(path, allow_outside=True).tracks[0].file == file


def test_missing_audio_file_is_named(session_folder):
    (session_folder / "audio" / "keys.wav").unlink()
    with pytest.raises(SessionError, match=r"tracks\[1\]\.file: 'audio/keys.wav' does not exist"):
        load_session(session_folder / "test.fluxforge.json")
    assert load_session(session_folder / "test.fluxforge.json", check_files=False).tracks[1].mute


def test_invalid_session_is_never_written(session_folder):
    path = session_folder / "test.fluxforge.json"
    before = path.read_bytes()
    session = load_session(path)
    session.tracks[0].volume = float("inf")
    with pytest.raises(SessionError, match=r"tracks\[0\]\.volume"):
        save_session(session, path)
    assert path.read_bytes() == before
    assert sorted(p.name for p in session_folder.iterdir()) == ["audio", "test.fluxforge.json"]
    with pytest.raises(TypeError, match="session must be"):
        save_session({"name": "x"}, path)


def test_save_as_into_another_folder_keeps_the_audio(session_folder):
    session = load_session(session_folder / "test.fluxforge.json")
    (session_folder / "copies" / "deep").mkdir(parents=True)
    copy_path = save_session(session, session_folder / "copies" / "deep" / "copy.fluxforge.json")
    assert session.tracks[0].file == "../../audio/kick.wav"
    again = load_session(copy_path, allow_outside=True)
    assert track_path(again, again.tracks[0]) == session_folder / "audio" / "kick.wav"


def test_document_survives_a_json_round_trip_exactly(session_folder):
    doc = _doc(session_folder)
    assert session_from_dict(copy.deepcopy(doc)).to_dict() == doc


def test_the_documented_example_is_valid():
    from tests.fixtures.cli import REPO
    text = (REPO / "docs" / "session-format.md").read_text()
    example = text.split("```json\n", 1)[1].split("```", 1)[0]
    session = session_from_dict(json.loads(example))
    assert [t.name for t in session.tracks] == ["Drums", "Bass"]
    assert session.buses["Sfx"].volume == 0.9 and session.loop.end_frame == 384000
