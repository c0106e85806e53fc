"""The binary file format of the waveform caches (pyramids ``.wfp``, overviews ``.wfm``).

A file is a 96-byte little-endian header followed by a float32 payload:

====== ========= =============================================================
offset type      field
====== ========= =============================================================
0      8s        magic ``b"FLUXWAVE"``
8      4s        kind: ``b"PYRM"`` (min/max pyramid) or ``b"OVRV"`` (overview)
12     u32       format version (:data:`VERSION`)
16     u32       header size (96)
20     u64       key of the source (``fluxforge.cache.keys.path_key``)
28     u64       source file size in bytes   } the source is unchanged when
36     i64       source mtime in ns          } both still match
44     u32       sample rate (Hz)
48     u32       channels
52     u64       frames
60     u32       kind parameter a: pyramid base tile frames / overview points
64     u32       kind parameter b: pyramid levels / 0
68     u64       payload bytes
76     u32       CRC-32 of the payload
80     u32       CRC-32 of bytes 0..79
84     12x       zero padding (the payload starts 32-byte aligned)
====== ========= =============================================================

Pyramid payload: the levels one after another, each (tiles, channels, 2)
float32 (:func:`fluxforge.waveform.reduce.pyramid_layout`). Overview payload:
peaks (points,) then (min, max) pairs (points, 2).

A reader checks every field against what it expects, the payload length
against the header, and both CRCs; anything else raises
:class:`CacheFileError` naming the problem, so truncated, corrupt, foreign and
wrong-version files are discarded, never half-read. Writes are atomic (temp
file + rename): another process sees the old file or the new one.

Example
-------
>>> import tempfile, pathlib, numpy as np
>>> path = pathlib.Path(tempfile.mkdtemp()) / "00000000000000ab.wfm"
>>> header = WaveHeader(OVERVIEW, key=0xAB, source_size=10, source_mtime_ns=5,
...                     sample_rate=48000, channels=1, frames=3, param_a=3, param_b=0)
>>> write_wave_file(path, header, np.zeros(9, np.float32))
132
>>> read_wave_file(path, OVERVIEW, 0xAB)[0].frames
3
"""
import mmap
import os
import struct
import zlib
from dataclasses import dataclass, replace

import numpy as np

from fluxforge.cache.atomic import atomic_path
from fluxforge.waveform.reduce import pyramid_layout

MAGIC = b"FLUXWAVE"
VERSION = 1
PYRAMID = b"PYRM"
OVERVIEW = b"OVRV"
_FIELDS = struct.Struct("<8s4sIIQQqIIQIIQI")
_HEADER_CRC = struct.Struct("<I")
HEADER_BYTES = 96
_PADDING = bytes(HEADER_BYTES - _FIELDS.size - _HEADER_CRC.size)


class CacheFileError(ValueError):
    """A cache file is truncated, corrupt, foreign or of another format version."""


@dataclass(frozen=True)
class WaveHeader:
    """The header fields of a cache file (``payload_*`` are filled in on write)."""

    kind: bytes
    key: int
    source_size: int
    source_mtime_ns: int
    sample_rate: int
    channels: int
    frames: int
    param_a: int
    param_b: int
    payload_bytes: int = 0
    payload_crc32: int = 0

    def expected_payload_floats(self):
        """Payload length, in float32 values, implied by the other fields."""
        if self.kind == PYRAMID:
            return pyramid_layout(self.frames, self.channels, self.param_a, self.param_b)[1]
        return 3 * self.param_a

    def pack(self):
        fields = _FIELDS.pack(MAGIC, self.kind, VERSION, HEADER_BYTES, self.key,
                              self.source_size, self.source_mtime_ns, self.sample_rate,
                              self.channels, self.frames, self.param_a, self.param_b,
                              self.payload_bytes, self.payload_crc32)
        return fields + _HEADER_CRC.pack(zlib.crc32(fields)) + _PADDING


def _unpack(raw, path):
    if len(raw) < HEADER_BYTES:
        raise CacheFileError(f"{path}: truncated header ({len(raw)} bytes)")
    fields = raw[:_FIELDS.size]
    (magic, kind, version, header_bytes, key, source_size, mtime_ns, rate, channels, frames,
     param_a, param_b, payload_bytes, payload_crc) = _FIELDS.unpack(fields)
    if magic != MAGIC:
        raise CacheFileError(f"{path}: foreign file (bad magic {magic!r})")
    if version != VERSION:
        raise CacheFileError(f"{path}: format version {version}, this reader needs {VERSION}")
    (header_crc,) = _HEADER_CRC.unpack_from(raw, _FIELDS.size)
    if header_bytes != HEADER_BYTES or header_crc != zlib.crc32(fields):
        raise CacheFileError(f"{path}: corrupt header")
    return WaveHeader(kind, key, source_size, mtime_ns, rate, channels, frames, param_a,
                      param_b, payload_bytes, payload_crc)


def write_wave_file(path, header, payload):
    """Write ``header`` + float32 ``payload`` to ``path`` atomically; return the file size.

    Raises OSError when the folder is missing, read-only or full (the
    destination is then untouched and no temporary file is left behind).
    """
    payload = np.ascontiguousarray(payload, dtype=np.float32).reshape(-1)
    if payload.size != header.expected_payload_floats():
        raise ValueError(f"payload holds {payload.size} floats, the header implies "
                         f"{header.expected_payload_floats()}")
    data = memoryview(payload).cast("B")
    header = replace(header, payload_bytes=data.nbytes, payload_crc32=zlib.crc32(data))
    # no flush to disk: a cache file that a crash leaves torn fails its CRC and is rebuilt
    with atomic_path(path, durable=False) as tmp, open(tmp, "wb") as f:
        f.write(header.pack())
        f.write(data)
    return HEADER_BYTES + data.nbytes


def read_wave_file(path, kind, key, mmap_threshold_bytes=None):
    """Read and check a cache file; return ``(header, payload)``.

    ``payload`` is a read-only float32 array over the file's bytes (no copy),
    memory-mapped when the file is at least ``mmap_threshold_bytes`` long.

    Raises
    ------
    FileNotFoundError
        No such file.
    CacheFileError
        Truncated, corrupt, foreign (other magic, kind or key) or another version.
    """
    with open(path, "rb") as f:
        size = os.fstat(f.fileno()).st_size
        if mmap_threshold_bytes is not None and size >= max(mmap_threshold_bytes, 1):
            data = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        else:
            data = f.read()
    view = memoryview(data)
    header = _unpack(view[:HEADER_BYTES], path)
    if header.kind != kind:
        raise CacheFileError(f"{path}: foreign file (kind {header.kind!r}, expected {kind!r})")
    if header.key != key:
        raise CacheFileError(f"{path}: foreign file (key {header.key:016x}, expected {key:016x})")
    if header.payload_bytes != 4 * header.expected_payload_floats():
        raise CacheFileError(f"{path}: corrupt header (payload size does not match its shape)")
    if size != HEADER_BYTES + header.payload_bytes:
        raise CacheFileError(f"{path}: truncated or padded ({size} bytes, expected "
                             f"{HEADER_BYTES + header.payload_bytes})")
    if zlib.crc32(view[HEADER_BYTES:]) != header.payload_crc32:
        raise CacheFileError(f"{path}: corrupt payload (CRC mismatch)")
    return header, np.frombuffer(data, np.float32, offset=HEADER_BYTES)
