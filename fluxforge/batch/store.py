"""The results of a batch analysis on disk: a report plus an index for skipping.

The report (``.csv``, ``.json`` or ``.parquet``, chosen by the extension) holds
one row per file. Next to it, ``.<report name>.index.json`` remembers each
file's size and modification time with its row: a rerun measures only files
that are new or changed. Both are written atomically
(:mod:`fluxforge.cache.atomic`), so an interrupted run leaves the previous
report intact. In CSV, None is an empty cell; in JSON, None and -inf are null.

Example
-------
>>> import tempfile, pathlib
>>> out = pathlib.Path(tempfile.mkdtemp()) / "report.json"
>>> store = ResultStore(out)
>>> store.save([{**dict.fromkeys(ROW_COLUMNS), "path": "/x.wav", "error": "gone"}])
>>> import json; json.loads(out.read_text())[0]["error"]
'gone'
"""
import csv
import io
import json
import math
import os
from pathlib import Path

from fluxforge.batch.row import ROW_COLUMNS
from fluxforge.cache.atomic import atomic_path, write_text_atomic

FORMATS = (".csv", ".json", ".parquet")


def file_stamp(path):
    """``[size, mtime_ns]`` of a file, or None if it cannot be stat'ed."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_size, st.st_mtime_ns]


def json_ready(row):
    """``row`` with -inf/nan floats as None (JSON has no infinity)."""
    return {k: (None if isinstance(v, float) and not math.isfinite(v) else v)
            for k, v in row.items()}


def report_format(path):
    """The report's format from its extension; ValueError naming it if unknown."""
    suffix = Path(path).suffix.lower()
    if suffix not in FORMATS:
        raise ValueError(f"cannot write report {str(path)!r}: unknown extension "
                         f"{suffix or '(none)'!r} (use .csv, .json or .parquet)")
    return suffix


def _csv_text(rows):
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=ROW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def _write_parquet(path, rows):
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise ValueError(f"cannot write {path}: .parquet reports need pyarrow "
                         "(pip install 'fluxforge[parquet]')") from None
    types = {"path": pa.string(), "samplerate": pa.int64(), "channels": pa.int64(),
             "clipped_samples": pa.int64(), "error": pa.string()}
    schema = pa.schema([(c, types.get(c, pa.float64())) for c in ROW_COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)


def write_report(path, rows):
    """Write ``rows`` to ``path`` atomically, in the format of its extension."""
    fmt = report_format(path)
    if fmt == ".csv":
        write_text_atomic(path, _csv_text(rows))
    elif fmt == ".json":
        write_text_atomic(path, json.dumps([json_ready(r) for r in rows], indent=1) + "\n")
    else:
        _write_parquet(path, rows)


class ResultStore:
    """A report file and its index of measured files (see the module docstring).

    Parameters
    ----------
    report_path : str or os.PathLike
        The report to write; its folder must exist.
    """

    def __init__(self, report_path):
        self.path = Path(report_path)
        report_format(self.path)
        if not self.path.parent.is_dir():
            raise FileNotFoundError(f"cannot write {self.path}: folder {self.path.parent} "
                                    "does not exist")
        self.index_path = self.path.with_name(f".{self.path.name}.index.json")
        self._entries = self._load()

    def _load(self):
        try:
            doc = json.loads(self.index_path.read_text())
            return {e["path"]: e for e in doc["files"]}
        except (OSError, ValueError, KeyError, TypeError):
            return {}       # no index yet, or an unreadable one: measure everything

    def done(self, path, stamp):
        """The stored row of ``path`` if it was measured with this ``stamp``, else None."""
        entry = self._entries.get(str(path))
        if entry is None or stamp is None or entry.get("stamp") != stamp:
            return None
        return _from_json(entry["row"])

    def save(self, rows, stamps=None):
        """Write the report of ``rows`` and the index (``stamps``: path -> stamp)."""
        stamps = stamps or {}
        entries = [{"path": r["path"], "stamp": stamps.get(r["path"]), "row": _to_json(r)}
                   for r in rows]
        write_report(self.path, rows)
        write_text_atomic(self.index_path, json.dumps({"version": 1, "files": entries}) + "\n")
        self._entries = {e["path"]: e for e in entries}


def _to_json(row):
    return {k: ("-inf" if isinstance(v, float) and math.isinf(v) else v) for k, v in row.items()}


def _from_json(row):
    return {k: (-math.inf if v == "-inf" else v) for k, v in row.items()}
