"""Buses, routing and the master stage of the engine.

:class:`Buses` is the part of :class:`fluxforge.engine.Engine` that sets
them; the engine's bus and master methods are its methods. Six buses (0 Master,
1 Music, 2 Sfx, 3 Voice, 4 Ambience, 5 Aux) each have volume 0..2, dual pan
(``pan`` places the bus's left channel, default -1; ``pan_right`` its right
channel, default +1), mute, solo and an output. Routing a bus to itself or
into a cycle falls back to Master. Bus solo: when a bus is soloed, only the
sources that pass through a soloed bus are heard (a bus feeding a soloed bus
still passes it on; everything passes Master, so soloing Master alone silences
nothing); track solo is separate. Master's output goes through the
master stage: master volume, optional soft clip, DC blocker (on by default).
"""
from fluxforge.checks import check_number
from fluxforge.engine.params import BUS, MASTER
from fluxforge.engine.types import BUS_NAMES, BusState, MasterState, bus_index

VOLUME, PAN, PAN_RIGHT, MUTED, SOLO = (BUS[name] for name in
                                      ("volume", "pan", "pan_right", "muted", "solo"))
MASTER_VOLUME, DECAY = MASTER["master_volume"], MASTER["meter_decay_db_per_s"]
SOFT_CLIP, DC_BLOCK, RAMP_FRAMES = MASTER["soft_clip"], MASTER["dc_block"], MASTER["ramp_frames"]
RAMP_MS = MASTER["ramp_ms"]
MAX_RAMP_MS = RAMP_MS.high


def resolve_routing(requested):
    """Outputs actually used: a bus whose route leads back to itself (a self-route
    or a member of a cycle) goes to Master; buses feeding such a bus keep their
    route (it now leads to Master through that bus).

    Example
    -------
    >>> resolve_routing([0, 2, 1, 0, 3, 5])
    [0, 0, 0, 0, 3, 0]
    """
    resolved = [0] * len(requested)
    for bus in range(1, len(requested)):
        hop = requested[bus]
        for _ in range(len(requested)):
            if hop in (0, bus):
                break
            hop = requested[hop]
        resolved[bus] = 0 if hop == bus else requested[bus]
    return resolved


def processing_order(resolved):
    """Buses sorted so every bus comes after the buses feeding it; Master last."""
    def depth(bus):
        hops = 0
        while bus != 0:
            bus, hops = resolved[bus], hops + 1
        return hops
    return sorted(range(len(resolved)), key=depth, reverse=True)


class Buses:
    """Bus and master controls.

    Parameters
    ----------
    samplerate : int
        Hz (ramp times are stored in frames).
    params : fluxforge._engine.ParamStore
        Where bus and master parameters are stored.
    ring, send, lock
        The engine's command ring (for the routing), its sender's
        ``send(push, *args)`` (:mod:`fluxforge.engine.commands`) and the lock of
        its Python-side records.

    Example
    -------
    >>> engine.set_bus_volume("Sfx", 0.8); engine.set_bus_output("Sfx", "Aux")
    >>> engine.set_master_volume(0.9); engine.set_soft_clip(True)
    >>> engine.bus_state("Sfx").routed_to
    5
    """

    def __init__(self, samplerate, params, ring, send, lock):
        self._samplerate = samplerate
        self._params, self._ring, self._send = params, ring, send
        self._lock = lock
        self._bus_outputs = [0] * len(BUS_NAMES)
        self._ramp_ms = RAMP_MS.default

    # ---- bus setters ------------------------------------------------------
    def _set_bus(self, bus, param, value):
        with self._lock:
            self._params.set_bus(bus_index(bus), param.c_index, value)

    def set_bus_volume(self, bus, volume):
        """Linear volume of a bus (index or name), clamped to [0, 2]."""
        self._set_bus(bus, VOLUME, VOLUME.clamp(volume, "volume"))

    def set_bus_pan(self, bus, pan):
        """Pan of the bus's left channel (default -1), clamped to [-1, 1]."""
        self._set_bus(bus, PAN, PAN.clamp(pan, "pan"))

    def set_bus_pan_right(self, bus, pan):
        """Pan of the bus's right channel (default +1), clamped to [-1, 1]."""
        self._set_bus(bus, PAN_RIGHT, PAN_RIGHT.clamp(pan, "pan"))

    def set_bus_mute(self, bus, muted):
        self._set_bus(bus, MUTED, MUTED.flag(muted, "muted"))

    def set_bus_solo(self, bus, solo):
        self._set_bus(bus, SOLO, SOLO.flag(solo, "solo"))

    def set_bus_output(self, bus, output):
        """Route ``bus`` into ``output`` (Master or another bus).

        A route to itself or one closing a cycle is kept as requested but
        played as a route to Master. Master's own output is the device: only
        0 is accepted for it.

        Example
        -------
        >>> engine.set_bus_output("Sfx", "Aux")
        """
        bus, output = bus_index(bus), bus_index(output)
        if bus == 0 and output != 0:
            raise ValueError("Master (bus 0) always feeds the output; it cannot be routed")
        with self._lock:
            requested = list(self._bus_outputs)
            requested[bus] = output
            resolved = resolve_routing(requested)
            self._send(self._ring.routing, resolved, processing_order(resolved))
            self._bus_outputs = requested

    def bus_state(self, bus):
        """A :class:`BusState` snapshot (for the UI and session saving)."""
        bus = bus_index(bus)
        with self._lock:
            volume, pan, pan_right, muted, solo = self._params.bus(bus)
            return BusState(bus=bus, name=BUS_NAMES[bus], volume=volume, pan=pan,
                            pan_right=pan_right, muted=bool(muted), solo=bool(solo),
                            output=self._bus_outputs[bus],
                            routed_to=resolve_routing(self._bus_outputs)[bus])

    # ---- master stage and global settings -----------------------------------
    def set_master_volume(self, volume):
        """Master volume (linear, clamped to [0, 2]), after bus 0."""
        self._params.set_global(MASTER_VOLUME.c_index, MASTER_VOLUME.clamp(volume, "volume"))

    def set_soft_clip(self, enabled):
        """Soft clip above 0.85 (tanh knee normalised by tanh(1)) on the master output."""
        self._params.set_global(SOFT_CLIP.c_index, SOFT_CLIP.flag(enabled, "enabled"))

    def set_dc_block(self, enabled):
        """The master's DC blocker (one pole at 5 Hz); on by default."""
        self._params.set_global(DC_BLOCK.c_index, DC_BLOCK.flag(enabled, "enabled"))

    def set_meter_decay(self, db_per_s):
        """Meter fall rate while playing, dB per second of audio (default 26), > 0."""
        rate = check_number(db_per_s, "db_per_s")
        if rate <= DECAY.low:
            raise ValueError(f"db_per_s must be > {DECAY.low:g}, got {rate}")
        self._params.set_global(DECAY.c_index, rate)

    def set_ramp_time(self, ramp_ms):
        """Length of volume/pan ramps in ms (0 = one block, the default); clamped to 1 s."""
        ramp_ms = RAMP_MS.clamp(ramp_ms, "ramp_ms")
        frames = round(ramp_ms * self._samplerate / 1000.0)
        with self._lock:
            self._params.set_global(RAMP_FRAMES.c_index, frames)
            self._ramp_ms = ramp_ms

    def master_state(self):
        """A :class:`MasterState` snapshot."""
        get = self._params.get_global
        return MasterState(volume=get(MASTER_VOLUME.c_index),
                           soft_clip=bool(get(SOFT_CLIP.c_index)),
                           dc_block=bool(get(DC_BLOCK.c_index)),
                           meter_decay_db_per_s=get(DECAY.c_index), ramp_ms=self._ramp_ms)
