"""Hypothesis state machine: random edits against a plain-Python model of the mix.

Tracks play DC (mono or stereo); after every edit the engine renders past the
ramp and its output must equal the model's: pan law and dual pan, volumes,
track mute/solo, bus volume/pan/mute/solo, routing with cycles, master volume.
"""
import math

import numpy as np
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from fluxforge.engine import Engine

BLOCK = 64
volumes = st.floats(0.0, 2.0)
pans = st.floats(-1.0, 1.0)
buses = st.integers(0, 5)


def side_gains(pan_l, pan_r, channels):
    """(L->L, R->L, L->R, R->R) from the pan and routing laws, written out independently."""
    tl = (pan_l + 1) * math.pi / 4
    if channels == 1:
        return [math.cos(tl), 0.0, math.sin(tl), 0.0]
    tr = (pan_r + 1) * math.pi / 4
    left, right = [math.cos(tl), math.cos(tr)], [math.sin(tl), math.sin(tr)]
    for pair in (left, right):
        total = pair[0] ** 2 + pair[1] ** 2
        if total > 1:
            pair[:] = [g / math.sqrt(total) for g in pair]
    return [left[0], left[1], right[0], right[1]]


def apply(g, volume, left, right):
    return (volume * (g[0] * left + g[1] * right), volume * (g[2] * left + g[3] * right))


class MixModel(RuleBasedStateMachine):
    @initialize()
    def start(self):
        self.engine = Engine(48000, BLOCK, max_tracks=8)
        self.engine.set_dc_block(False)
        self.engine.play()
        self.tracks = {}        # id -> dict(values, volume, pan, pan_right, muted, solo, bus)
        self.buses = [dict(volume=1.0, pan=-1.0, pan_right=1.0, muted=False, solo=False, out=0)
                      for _ in range(6)]
        self.master = 1.0
        self.next_value = 0.01

    def teardown(self):
        self.engine.close()

    # ---- edits ----
    @precondition(lambda self: len(self.tracks) < 8)
    @rule(stereo=st.booleans(), bus=buses)
    def add_track(self, stereo, bus):
        self.next_value += 0.013
        values = (self.next_value, -0.5 * self.next_value) if stereo else (self.next_value,)
        clip = np.tile(np.array(values, np.float32), (48000 * 4, 1))
        tid = self.engine.add_track(clip, bus=bus)
        self.tracks[tid] = dict(values=values, volume=1.0, pan=-1.0 if stereo else 0.0,
                                pan_right=1.0, muted=False, solo=False, bus=bus)

    @precondition(lambda self: self.tracks)
    @rule(data=st.data())
    def remove_track(self, data):
        tid = data.draw(st.sampled_from(sorted(self.tracks)))
        self.engine.remove_track(tid)
        del self.tracks[tid]

    @precondition(lambda self: self.tracks)
    @rule(data=st.data(), volume=volumes, pan=pans, pan_right=pans, bus=buses)
    def set_track(self, data, volume, pan, pan_right, bus):
        tid = data.draw(st.sampled_from(sorted(self.tracks)))
        self.engine.set_track_volume(tid, volume)
        self.engine.set_track_pan(tid, pan)
        self.engine.set_track_pan_right(tid, pan_right)
        self.engine.set_track_bus(tid, bus)
        self.tracks[tid].update(volume=volume, pan=pan, pan_right=pan_right, bus=bus)

    @precondition(lambda self: self.tracks)
    @rule(data=st.data())
    def batch(self, data):
        ids = data.draw(st.lists(st.sampled_from(sorted(self.tracks)), unique=True, min_size=1))
        n = len(ids)
        vols = data.draw(st.lists(volumes, min_size=n, max_size=n))
        muted = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
        solo = data.draw(st.lists(st.booleans(), min_size=n, max_size=n))
        assert self.engine.batch_set_track_params(ids + [999], volumes=vols + [1.0],
                                                  muted=muted + [False],
                                                  solo=solo + [False]) == n
        for tid, v, m, s in zip(ids, vols, muted, solo):
            self.tracks[tid].update(volume=v, muted=m, solo=s)

    @rule(bus=buses, volume=volumes, pan=pans, pan_right=pans, muted=st.booleans(),
          solo=st.booleans())
    def set_bus(self, bus, volume, pan, pan_right, muted, solo):
        e = self.engine
        e.set_bus_volume(bus, volume)
        e.set_bus_pan(bus, pan)
        e.set_bus_pan_right(bus, pan_right)
        e.set_bus_mute(bus, muted)
        e.set_bus_solo(bus, solo)
        self.buses[bus].update(volume=volume, pan=pan, pan_right=pan_right, muted=muted,
                               solo=solo)

    @rule(bus=st.integers(1, 5), out=buses)
    def route(self, bus, out):
        self.engine.set_bus_output(bus, out)
        self.buses[bus]["out"] = out

    @rule(volume=volumes)
    def master_volume(self, volume):
        self.engine.set_master_volume(volume)
        self.master = volume

    # ---- the model ----
    def routed(self, bus):
        """Requested output unless following it leads back to this bus."""
        hop, seen = self.buses[bus]["out"], 0
        while hop not in (0, bus) and seen < 6:
            hop, seen = self.buses[hop]["out"], seen + 1
        return 0 if hop == bus else self.buses[bus]["out"]

    def expected(self):
        any_solo = any(t["solo"] for t in self.tracks.values())
        direct = [[0.0, 0.0] for _ in range(6)]
        for t in self.tracks.values():
            audible = not t["muted"] and (not any_solo or t["solo"])
            values = t["values"] + (0.0,) * (2 - len(t["values"]))
            out = apply(side_gains(t["pan"], t["pan_right"], len(t["values"])),
                        t["volume"] * audible, *values)
            direct[t["bus"]][0] += out[0]
            direct[t["bus"]][1] += out[1]
        routes = [0] + [self.routed(b) for b in range(1, 6)]
        any_bus_solo = any(b["solo"] for b in self.buses)

        def soloed_path(bus):
            while True:
                if self.buses[bus]["solo"]:
                    return True
                if bus == 0:
                    return False
                bus = routes[bus]

        def bus_out(bus):
            gate = 1.0 if not any_bus_solo or soloed_path(bus) else 0.0
            left = gate * direct[bus][0] + sum(bus_out(b)[0] for b in range(1, 6)
                                               if routes[b] == bus)
            right = gate * direct[bus][1] + sum(bus_out(b)[1] for b in range(1, 6)
                                                if routes[b] == bus)
            s = self.buses[bus]
            return apply(side_gains(s["pan"], s["pan_right"], 2),
                         s["volume"] * (not s["muted"]), left, right)

        left, right = bus_out(0)
        return self.master * left, self.master * right

    @invariant()
    def output_matches_the_model(self):
        if not hasattr(self, "engine"):
            return
        self.engine.render(BLOCK)                     # the ramp block
        last = self.engine.render(BLOCK)[-1].astype(np.float64)
        np.testing.assert_allclose(last, self.expected(), atol=2e-5)


MixModel.TestCase.settings = settings(max_examples=60, stateful_step_count=25, deadline=None)
test_mix_model = MixModel.TestCase
