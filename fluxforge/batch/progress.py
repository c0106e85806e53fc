"""A one-line progress display of a batch: done/total, rate and time left.

Drawn (with ``\\r``) only when the stream is a terminal; otherwise silent, so
logs and pipes get no control characters.

Example
-------
>>> progress_text(25, 100, elapsed_s=5.0)
'analyzed 25/100 files  5.0 files/s  ETA 15 s'
"""
import sys
import time


def progress_text(done, total, elapsed_s, noun="files", verb="analyzed"):
    """``analyzed 25/100 files  5.0 files/s  ETA 15 s``."""
    rate = done / elapsed_s if elapsed_s > 0 else 0.0
    eta = f"ETA {(total - done) / rate:.0f} s" if rate > 0 else "ETA ?"
    return f"{verb} {done}/{total} {noun}  {rate:.1f} {noun}/s  {eta}"


class Progress:
    """Progress of ``total`` items on ``stream`` (default stderr), if it is a terminal."""

    def __init__(self, total, stream=None, verb="analyzed", noun="files"):
        self.total, self.done = total, 0
        self.stream = stream or sys.stderr
        self.enabled = hasattr(self.stream, "isatty") and self.stream.isatty() and total > 0
        self._verb, self._noun = verb, noun
        self._start = time.monotonic()

    def step(self, count=1):
        """Count ``count`` more items done and redraw."""
        self.done += count
        if self.enabled:
            text = progress_text(self.done, self.total, time.monotonic() - self._start,
                                 self._noun, self._verb)
            print("\r" + text, end="", file=self.stream, flush=True)

    def close(self):
        """End the line (if anything was drawn)."""
        if self.enabled:
            print(file=self.stream, flush=True)
