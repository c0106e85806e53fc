"""The audio files of a batch: folders searched recursively, files taken as given.

In a folder, every file whose extension is one libsndfile reads counts
(hidden files and folders are skipped); a file named on the command line is
taken whatever its extension, so a broken one still gets its error row.
The result lists a folder's files (sorted) before its subfolders', without duplicates.

Example
-------
>>> import tempfile, pathlib
>>> d = pathlib.Path(tempfile.mkdtemp()); (d / "a").mkdir()
>>> for name in ("a/x.wav", "b.FLAC", "notes.txt"): _ = (d / name).write_text("")
>>> [p.relative_to(d).as_posix() for p in discover([d])]
['b.FLAC', 'a/x.wav']
"""
import os
from pathlib import Path

import soundfile

AUDIO_EXTENSIONS = frozenset("." + f.lower() for f in soundfile.available_formats()) | {
    ".aif", ".oga", ".opus", ".snd", ".mp3"}


def _walk(folder):
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and Path(name).suffix.lower() in AUDIO_EXTENSIONS:
                yield Path(root) / name


def discover(paths):
    """The audio files under ``paths`` (files and folders), as absolute ``Path`` s.

    A path that is neither a file nor a folder is kept, so it gets an error row.
    """
    seen, found = set(), []
    for path in map(Path, paths):
        for file in (_walk(path) if path.is_dir() else [path]):
            file = file.absolute()
            if file not in seen:
                seen.add(file)
                found.append(file)
    return found
