"""The Python constants equal the C core's #defines and the compiled module's."""
import re
from pathlib import Path

import numpy as np

from fluxforge import _engine, constants
from fluxforge.engine import types
from fluxforge.session import schema

HEADER = Path(__file__).resolve().parents[1] / "pyx" / "csrc" / "engine" / "ff_engine.h"


def c_defines():
    text = HEADER.read_text()
    return {m[1]: int(m[2]) for m in re.finditer(r"^#define (FF_\w+) (\d+)\b", text, re.M)}


def test_counts_match_the_c_header():
    defines = c_defines()
    assert defines["FF_BUSES"] == constants.BUS_COUNT == len(constants.BUS_NAMES)
    assert defines["FF_EQ_BANDS"] == constants.EQ_BAND_COUNT
    assert defines["FF_VOICES"] == constants.VOICE_COUNT


def test_counts_match_the_compiled_module():
    assert _engine.BUS_COUNT == constants.BUS_COUNT
    assert _engine.EQ_BANDS == constants.EQ_BAND_COUNT
    assert _engine.VOICE_SLOTS == constants.VOICE_COUNT


def test_one_definition_everywhere():
    assert types.BUS_NAMES is schema.BUS_NAMES is constants.BUS_NAMES
    assert types.EQ_KINDS is schema.EQ_KINDS is constants.EQ_KINDS
    assert schema.EQ_BANDS == types.EQ_BAND_COUNT == constants.EQ_BAND_COUNT
    assert schema.VOLUME_RANGE[1] == types.MAX_VOLUME == constants.MAX_VOLUME


def test_single_and_batch_setters_clamp_at_the_same_ceiling():
    from fluxforge import Engine
    engine = Engine(48000, 64)
    a = engine.add_track(np.zeros((64, 2), np.float32))
    b = engine.add_track(np.zeros((64, 2), np.float32))
    engine.set_track_volume(a, 5.0)
    engine.batch_set_track_params([b], volumes=[5.0])
    assert engine.track(a).volume == engine.track(b).volume == constants.MAX_VOLUME


def test_live_loudness_columns_match_the_c_header():
    from fluxforge.engine.loudness import LOUDNESS_COLUMNS, LOUDNESS_SHAPE
    text = (HEADER.parent / "ff_engine_loudness.h").read_text()
    fields = int(re.search(r"^#define FF_LOUD_FIELDS (\d+)\b", text, re.M)[1])
    assert fields == _engine.LOUDNESS_FIELDS == len(LOUDNESS_COLUMNS)
    assert LOUDNESS_SHAPE == (constants.BUS_COUNT, fields)
