"""Cache file format: round trip, mmap, and every kind of bad file detected."""
import struct

import numpy as np
import pytest

from fluxforge.waveform.file_format import (
    HEADER_BYTES, OVERVIEW, PYRAMID, CacheFileError, WaveHeader, read_wave_file,
    write_wave_file)
from fluxforge.waveform.reduce import minmax_pyramid

KEY = 0x0123456789ABCDEF


def overview_header(points=4, frames=10):
    return WaveHeader(OVERVIEW, KEY, source_size=99, source_mtime_ns=123, sample_rate=44100,
                      channels=2, frames=frames, param_a=points, param_b=0)


@pytest.fixture
def overview_file(tmp_path):
    path = tmp_path / f"{KEY:016x}.wfm"
    payload = np.arange(12, dtype=np.float32)
    assert write_wave_file(path, overview_header(), payload) == HEADER_BYTES + 48
    return path, payload


def test_round_trip_is_zero_copy_and_read_only(overview_file):
    path, payload = overview_file
    header, data = read_wave_file(path, OVERVIEW, KEY)
    np.testing.assert_array_equal(data, payload)
    assert not data.flags.writeable and data.dtype == np.float32
    assert (header.source_size, header.source_mtime_ns, header.frames, header.channels,
            header.sample_rate) == (99, 123, 10, 2, 44100)


@pytest.mark.parametrize("threshold", [0, 1, None])
def test_pyramid_file_memory_mapped_above_threshold(tmp_path, threshold):
    x = np.random.default_rng(0).normal(size=(70_000, 2)).astype(np.float32)
    flat = np.concatenate([level.reshape(-1) for level in minmax_pyramid(x)])
    header = WaveHeader(PYRAMID, KEY, 1, 2, 48000, 2, 70_000, 256, 8)
    path = tmp_path / "p.wfp"
    write_wave_file(path, header, flat)
    _, data = read_wave_file(path, PYRAMID, KEY, mmap_threshold_bytes=threshold)
    np.testing.assert_array_equal(data, flat)
    assert isinstance(data.base, bytes) is (threshold is None)


def test_payload_must_match_header_shape(tmp_path):
    with pytest.raises(ValueError, match="payload holds 5 floats"):
        write_wave_file(tmp_path / "x.wfm", overview_header(), np.zeros(5, np.float32))
    assert list(tmp_path.iterdir()) == []


def corrupt(path, offset, value):
    raw = bytearray(path.read_bytes())
    raw[offset:offset + len(value)] = value
    path.write_bytes(bytes(raw))


@pytest.mark.parametrize("damage, message", [
    (lambda p: p.write_bytes(p.read_bytes()[:50]), "truncated header"),
    (lambda p: p.write_bytes(p.read_bytes()[:-4]), "truncated"),
    (lambda p: p.write_bytes(p.read_bytes() + b"\0\0\0\0"), "padded"),
    (lambda p: p.write_bytes(b""), "truncated header"),
    (lambda p: corrupt(p, 0, b"RIFFWAVE"), "foreign file"),
    (lambda p: corrupt(p, 12, struct.pack("<I", 99)), "version 99"),
    (lambda p: corrupt(p, 52, struct.pack("<Q", 11)), "corrupt header"),
    (lambda p: corrupt(p, HEADER_BYTES + 5, b"\x7f"), "corrupt payload"),
])
def test_bad_files_are_detected(overview_file, damage, message):
    path, _ = overview_file
    damage(path)
    with pytest.raises(CacheFileError, match=message):
        read_wave_file(path, OVERVIEW, KEY)


def test_foreign_kind_and_key_are_detected(overview_file):
    path, _ = overview_file
    with pytest.raises(CacheFileError, match="kind"):
        read_wave_file(path, PYRAMID, KEY)
    with pytest.raises(CacheFileError, match="key"):
        read_wave_file(path, OVERVIEW, KEY + 1)


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(FileNotFoundError):
        read_wave_file(tmp_path / "none.wfm", OVERVIEW, KEY)
    with pytest.raises(FileNotFoundError, match="does not exist"):
        write_wave_file(tmp_path / "no" / "x.wfm", overview_header(), np.zeros(12, np.float32))
