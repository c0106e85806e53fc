"""The music system: segments with tempo, meter and loop points, stingers, transitions.

Segments play on the music bus, one at a time. A looping segment plays its
clip up to ``loop_end_beats`` once, then the ``loop_start_beats``..
``loop_end_beats`` region looped (two voices, the second starting at the
exact loop-end frame). :meth:`Music.play` changes segment through the
transition rule found for (current, next) in this order: exact ``from``/``to``,
any-to-destination (``from "*"``), source-to-any (``to "*"``), any-to-any;
no rule means ``immediate`` with no fades. The rule's ``sync`` (immediate,
beat, bar, end) picks the frame of the change on the current segment's grid
(:mod:`fluxforge.middleware.music_grid`): the old segment fades out from that
frame, the new one starts on it. Stingers play over the music on the next
beat or bar. A state group can drive the music (``state_group`` and
``state_segments``); a state-driven change without fades in its rule uses
the group's ``transition_ms`` as the crossfade.

Example
-------
>>> r = [Rule("*", "*", "bar"), Rule("*", "FS", "beat"), Rule("Base", "FS", "immediate")]
>>> find_rule(r, "Base", "FS").sync, find_rule(r, "Intro", "FS").sync, find_rule(r, "FS", "Base").sync
('immediate', 'beat', 'bar')
"""
from .changes import MUSIC
from .checks import UnknownNameError
from .music_grid import Grid


class Segment:
    __slots__ = ("name", "clip", "tempo_bpm", "meter", "loop", "loop_start_beats",
                 "loop_end_beats", "volume_db")

    def __init__(self, name, clip, tempo_bpm=120.0, meter=(4, 4), loop=True,
                 loop_start_beats=0.0, loop_end_beats=None, volume_db=0.0):
        self.name, self.clip, self.tempo_bpm, self.meter = name, clip, tempo_bpm, tuple(meter)
        self.loop, self.loop_start_beats, self.loop_end_beats = loop, loop_start_beats, loop_end_beats
        self.volume_db = volume_db

    def to_dict(self):
        data = {"clip": self.clip, "tempo_bpm": self.tempo_bpm, "meter": list(self.meter),
                "loop": self.loop, "loop_start_beats": self.loop_start_beats,
                "volume_db": self.volume_db}
        if self.loop_end_beats is not None:
            data["loop_end_beats"] = self.loop_end_beats
        return data


class Stinger:
    __slots__ = ("name", "clip", "sync", "volume_db")

    def __init__(self, name, clip, sync="beat", volume_db=0.0):
        self.name, self.clip, self.sync, self.volume_db = name, clip, sync, volume_db

    def to_dict(self):
        return {"clip": self.clip, "sync": self.sync, "volume_db": self.volume_db}


class Rule:
    __slots__ = ("source", "dest", "sync", "fade_out_ms", "fade_in_ms")

    def __init__(self, source, dest, sync="bar", fade_out_ms=None, fade_in_ms=None):
        self.source, self.dest, self.sync = source, dest, sync
        self.fade_out_ms, self.fade_in_ms = fade_out_ms, fade_in_ms

    def to_dict(self):
        data = {"from": self.source, "to": self.dest, "sync": self.sync}
        for key in ("fade_out_ms", "fade_in_ms"):
            if getattr(self, key) is not None:
                data[key] = getattr(self, key)
        return data


IMMEDIATE = Rule("*", "*", "immediate", 0.0, 0.0)


def find_rule(rules, source, dest):
    """The rule for ``source`` -> ``dest``: exact, any-to-dest, source-to-any, any-to-any."""
    for want in ((source, dest), ("*", dest), (source, "*"), ("*", "*")):
        for rule in rules:
            if (rule.source, rule.dest) == want:
                return rule
    return IMMEDIATE


class Music:
    """Segment playback; ``player`` starts and stops voices and knows the clips and time."""

    def __init__(self, changes, player):
        self._changes = changes
        self._player = player
        self.bus = "Music"
        self.segments, self.stingers, self.rules = {}, {}, []
        self.state_group, self.state_segments = None, {}
        self.current = None
        self.grid = None
        self.voices = []            # engine voices of the current segment
        self._body = None           # (frame, segment) of the loop body still to start
        self.history = []           # (frame, from, to) of every change

    def segment(self, name):
        try:
            return self.segments[name]
        except (KeyError, TypeError):
            raise UnknownNameError("music segment", name, self.segments) from None

    def _frames(self, segment, beats):
        return int(round(beats * 60.0 * self._player.samplerate / segment.tempo_bpm))

    def play(self, name, fade_ms=None):
        """Change to segment ``name`` by its transition rule; returns the frame of the change."""
        segment = self.segment(name)
        if name == self.current:
            return self.grid.t0
        now = self._player.now_frame()
        rule = find_rule(self.rules, self.current, name) if self.current else IMMEDIATE
        at = self.grid.next_boundary(now, rule.sync) if self.grid else now
        fade_out = rule.fade_out_ms if rule.fade_out_ms is not None else (fade_ms or 0.0)
        fade_in = rule.fade_in_ms if rule.fade_in_ms is not None else (fade_ms or 0.0)
        self._stop_current(at, fade_out)
        length = self._player.clip_frames(segment.clip)
        loop_end = (length if segment.loop_end_beats is None
                    else min(length, self._frames(segment, segment.loop_end_beats)))
        loop_start = self._frames(segment, segment.loop_start_beats)
        self.grid = Grid(at, segment.tempo_bpm, segment.meter, self._player.samplerate, length,
                         segment.loop, loop_start, loop_end)
        whole = segment.loop and loop_start == 0 and loop_end == length
        first = self._player.start_music_voice(segment.clip, 0, loop_end if segment.loop else length,
                                               self.bus, segment.volume_db, at, whole, fade_in)
        self.voices = [first] if first is not None else []
        self._body = (at + loop_end, segment) if segment.loop and not whole else None
        self.history.append((at, self.current, name))
        self.current = name
        self._changes.mark(MUSIC)
        return at

    def _stop_current(self, at, fade_ms):
        if self._body is not None and self._body[0] < at:
            self._start_body()          # the loop body starts before the change
        self._body = None
        for vid in tuple(self.voices):
            self._player.stop_music_voice(vid, fade_ms, at)
        self.voices = []

    def _start_body(self):
        frame, segment = self._body
        self._body = None
        g = self.grid
        vid = self._player.start_music_voice(segment.clip, g.loop_start, g.loop_end, self.bus,
                                             segment.volume_db, frame, True, 0.0)
        if vid is not None:
            self.voices.append(vid)

    def update(self, horizon_frame):
        """Start the loop body once its frame is within ``horizon_frame``."""
        if self._body is not None and self._body[0] < horizon_frame:
            self._start_body()

    def stop(self, fade_ms=0.0):
        """Stop the music (after ``fade_ms``) now."""
        if self.current is None:
            return
        now = self._player.now_frame()
        self._stop_current(now, fade_ms)
        self.history.append((now, self.current, None))
        self.current, self.grid = None, None
        self._changes.mark(MUSIC)

    def stinger(self, name):
        """Play stinger ``name`` on its next sync point; returns the frame."""
        try:
            stinger = self.stingers[name]
        except (KeyError, TypeError):
            raise UnknownNameError("stinger", name, self.stingers) from None
        now = self._player.now_frame()
        at = self.grid.next_boundary(now, stinger.sync) if self.grid else now
        length = self._player.clip_frames(stinger.clip)
        self._player.start_music_voice(stinger.clip, 0, length, self.bus, stinger.volume_db,
                                       at, False, 0.0)
        return at

    def on_state(self, group, old, new, transition_ms):
        """States watcher: follow the state group that drives the music."""
        if group == self.state_group and new in self.state_segments:
            self.play(self.state_segments[new], fade_ms=transition_ms)

    def to_dict(self):
        data = {"bus": self.bus,
                "segments": {n: s.to_dict() for n, s in self.segments.items()},
                "stingers": {n: s.to_dict() for n, s in self.stingers.items()},
                "transitions": [r.to_dict() for r in self.rules]}
        if self.state_group is not None:
            data["state_group"] = self.state_group
            data["state_segments"] = dict(self.state_segments)
        return data
