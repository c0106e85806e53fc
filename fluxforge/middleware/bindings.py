"""RTPC bindings applied to the engine: bus volume/pan, an EQ band's frequency, voice volume/pitch.

Curve outputs are dB for ``bus_volume`` and ``voice_volume`` (several
bindings on one target add up), -1..1 balance for ``bus_pan`` (both channels
of the bus move together), Hz for ``eq_freq`` and cents for ``voice_pitch``
(adding up). Bus and EQ targets follow the global RTPC value; voice targets
follow the value of the voice's game object. Blend containers re-balance
their playing children when their RTPC moves. The engine smooths every
change (ramped bus parameters, smoothed EQ coefficients and voice settings).

Example
-------
>>> b = Binding({"bus_volume": "Music"}, [[0, 0.0], [100, -12.0]])
>>> target_key(b)
('bus_volume', 'Music')
"""
from .checks import db_to_volume
from fluxforge.session.fields import session_error
from .rtpc import Binding  # noqa: F401  (doctest)

VOICE_KINDS = ("voice_volume", "voice_pitch")


def target_key(binding):
    ref = binding.ref
    return (binding.kind, (ref["track"], ref["band"]) if binding.kind == "eq_freq" else ref)


class Bindings:
    """Indexes the bindings of a set of RTPCs and applies them."""

    def __init__(self, rtpc, player, engine):
        self._rtpc, self._player, self._engine = rtpc, player, engine
        self.targets = {}          # target key -> [(rtpc name, binding)]
        self.voice = {}            # event name -> [(rtpc name, binding)]
        self.blend_rtpcs = set()
        self._tracks = {}          # track name -> id
        for name, p in rtpc.params.items():
            for b in p.bindings:
                if b.kind in VOICE_KINDS:
                    self.voice.setdefault(b.ref, []).append((name, b))
                else:
                    self.targets.setdefault(target_key(b), []).append((name, b))

    def check_engine(self):
        """Refuse EQ targets naming a track or band the engine does not have."""
        if self._engine is None:
            return
        tracks = {self._engine.track(t).name: t for t in self._engine.track_ids}
        for (kind, ref), pairs in self.targets.items():
            if kind != "eq_freq":
                continue
            field = f"middleware.rtpc.{pairs[0][0]}.bindings"
            track, band = ref
            if track not in tracks:
                raise session_error(field, track, "is not a track of the session")
            eq = self._engine.track(tracks[track]).eq
            if not 0 <= band < len(eq) or eq[band] is None:
                raise session_error(field, band, f"is not an EQ band set on track {track!r}")
        self._tracks = tracks

    def voice_settings(self, inst, volume, pitch_cents):
        """Volume and pitch of a voice of ``inst`` with its event's voice bindings applied."""
        pairs = self.voice.get(inst.event.name)
        if pairs:
            gain_db = 0.0
            for name, b in pairs:
                y = b.curve(self._rtpc.get(name, inst.game_object))
                if b.kind == "voice_volume":
                    gain_db += y
                else:
                    pitch_cents += y
            volume *= db_to_volume(gain_db)
        return volume, pitch_cents

    def apply(self, dirty):
        """Re-apply the targets of the RTPCs in ``dirty`` ({name: changed game objects})."""
        engine = self._engine
        if engine is None:
            return
        targets, events = set(), {}
        for name, objects in dirty.items():
            p = self._rtpc.params.get(name)
            if p is None:
                continue
            for b in p.bindings:
                if b.kind in VOICE_KINDS:
                    events.setdefault(b.ref, set()).update(objects)
                elif None in objects:
                    targets.add(target_key(b))
        for key in targets:
            self._apply_target(key, self.targets[key])
        player = self._player
        for event, objects in events.items():
            every = None in objects
            for inst in player.instances.get(event, ()):
                if every or inst.game_object in objects:
                    for vid in tuple(inst.voice_ids):
                        self._apply_voice(vid, player.voices.get(vid))
        blends = {n: dirty[n] for n in self.blend_rtpcs.intersection(dirty)}
        if blends:
            for vid, record in tuple(player.voices.items()):
                for node, _index, _gain in record.play.blend:
                    objects = blends.get(node.rtpc)
                    if objects is not None and (None in objects
                                                or record.instance.game_object in objects):
                        self._apply_voice(vid, record)
                        break

    def _apply_voice(self, vid, record):
        if record is None:
            return
        inst = record.instance
        volume = record.base_volume
        for node, index, _gain in record.play.blend:
            volume *= node.gains(None, inst.game_object, self._rtpc)[index]
        volume, pitch = self.voice_settings(inst, volume, record.play.pitch_cents)
        applied = (min(volume, 2.0), max(-2400.0, min(2400.0, pitch)))
        if applied != record.applied:
            record.applied = applied
            self._engine.set_voice(vid, volume=applied[0], pitch_cents=applied[1])

    def _apply_target(self, key, pairs):
        kind, ref = key
        total = 0.0
        for name, b in pairs:
            total += b.curve(self._rtpc.get(name))
        if kind == "eq_freq":
            total = pairs[-1][1].curve(self._rtpc.get(pairs[-1][0]))
        last = pairs[0][1].last
        if last == total:
            return
        pairs[0][1].last = total
        engine = self._engine
        if kind == "bus_volume":
            engine.set_bus_volume(ref, min(2.0, db_to_volume(total)))
        elif kind == "bus_pan":
            pan = max(-1.0, min(1.0, total))
            engine.set_bus_pan(ref, -1.0 + 2.0 * max(pan, 0.0))
            engine.set_bus_pan_right(ref, 1.0 + 2.0 * min(pan, 0.0))
        else:
            track, band = ref
            tid = self._tracks[track]
            eq = engine.track(tid).eq[band]
            engine.set_track_eq(tid, band, eq.kind, max(1.0, total), q=eq.q, gain_db=eq.gain_db,
                                enabled=eq.enabled)
