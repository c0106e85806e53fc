"""Tiny deterministic synthesizers for the demo stems (NumPy only).

Everything renders into a loop buffer: a note that rings past the end wraps
around to the start, so every stem loops without a click. Oscillators are
additive (a sum of harmonics below Nyquist), hence free of aliasing, and noise
is shaped in the frequency domain, which is circular too.

Example
-------
>>> import numpy as np
>>> loop = np.zeros(48000)
>>> add_wrapped(loop, 47000, np.ones(2000))
>>> float(loop[:1000].sum()), float(loop[47000:].sum())
(1000.0, 1000.0)
"""
import numpy as np


def midi_to_hz(note):
    """Equal-tempered frequency of a MIDI note number (A4 = 69 = 440 Hz)."""
    return 440.0 * 2.0 ** ((note - 69) / 12.0)


def add_wrapped(loop, start, signal):
    """Add ``signal`` into ``loop`` from frame ``start``, wrapping past the end."""
    n = loop.shape[0]
    start %= n
    done = 0
    while done < signal.shape[0]:
        at = (start + done) % n
        count = min(n - at, signal.shape[0] - done)
        loop[at:at + count] += signal[done:done + count]
        done += count


def envelope(frames, samplerate, attack_s, decay_s, sustain=0.0, release_s=0.0, gate_s=None):
    """Attack (linear), exponential decay towards ``sustain``, release after ``gate_s``.

    Returns ``frames`` samples; the release tail lasts to the end of the array.
    """
    t = np.arange(frames) / samplerate
    attack = np.clip(t / max(attack_s, 1e-4), 0.0, 1.0)
    decay = sustain + (1.0 - sustain) * np.exp(-np.maximum(t - attack_s, 0.0) / max(decay_s, 1e-4))
    env = attack * decay
    if gate_s is not None:
        after = np.maximum(t - gate_s, 0.0)
        env *= np.where(t < gate_s, 1.0, np.exp(-after / max(release_s, 1e-4)))
    return env


def additive(freq_hz, frames, samplerate, partials, vibrato_hz=0.0, vibrato_cents=0.0):
    """Sum of sines ``amplitude * sin(k * phase)`` for ``(k, amplitude)`` in ``partials``.

    Partials above 0.45 * samplerate are dropped (no aliasing). An optional
    vibrato modulates the phase of every partial together.
    """
    t = np.arange(frames) / samplerate
    freq = freq_hz * 2.0 ** (vibrato_cents / 1200.0 * np.sin(2 * np.pi * vibrato_hz * t))
    phase = 2 * np.pi * np.cumsum(freq) / samplerate
    out = np.zeros(frames)
    for k, amplitude in partials:
        if k * freq_hz * 2.0 ** (vibrato_cents / 1200.0) < 0.45 * samplerate:
            out += amplitude * np.sin(k * phase)
    return out


def saw_partials(count):
    """Harmonics of a sawtooth (1/k), first ``count``."""
    return [(k, 1.0 / k) for k in range(1, count + 1)]


def square_partials(count):
    """Odd harmonics of a square wave (1/k), first ``count`` of them."""
    return [(k, 1.0 / k) for k in range(1, 2 * count, 2)]


def shaped_noise(rng, frames, samplerate, low_hz, high_hz, tilt_db_per_octave=0.0):
    """Circular band-limited noise: white noise filtered in the frequency domain.

    Flat between ``low_hz`` and ``high_hz`` (smooth half-octave skirts), with an
    optional spectral tilt; normalised to unit RMS. Loops seamlessly.
    """
    spectrum = np.fft.rfft(rng.standard_normal(frames))
    freqs = np.fft.rfftfreq(frames, 1.0 / samplerate)
    octave = np.log2(np.maximum(freqs, 1.0) / low_hz)
    low_skirt = np.clip(octave * 2.0, 0.0, 1.0)
    high_skirt = np.clip(np.log2(high_hz / np.maximum(freqs, 1.0)) * 2.0 + 1.0, 0.0, 1.0)
    tilt = 10.0 ** (tilt_db_per_octave * np.maximum(octave, 0.0) / 20.0)
    noise = np.fft.irfft(spectrum * low_skirt * high_skirt * tilt, frames)
    return noise / max(np.sqrt(np.mean(noise ** 2)), 1e-12)


def kick(samplerate):
    """A kick drum: a sine swept from 160 Hz down to 48 Hz with a click."""
    frames = int(0.45 * samplerate)
    t = np.arange(frames) / samplerate
    freq = 48.0 + 112.0 * np.exp(-t / 0.035)
    body = np.sin(2 * np.pi * np.cumsum(freq) / samplerate) * np.exp(-t / 0.16)
    click = np.exp(-t / 0.002) * 0.4
    return body + click


def snare(samplerate, rng):
    """A snare drum: a 185 Hz tone plus bright noise, both decaying fast."""
    frames = int(0.3 * samplerate)
    t = np.arange(frames) / samplerate
    tone = np.sin(2 * np.pi * 185.0 * t) * np.exp(-t / 0.05)
    noise = shaped_noise(rng, frames, samplerate, 1500.0, 9000.0) * np.exp(-t / 0.07)
    return 0.6 * tone + 0.35 * noise


def hat(samplerate, rng, open_hat=False):
    """A hi-hat: high band noise, short (closed) or ringing (open)."""
    frames = int((0.35 if open_hat else 0.06) * samplerate)
    t = np.arange(frames) / samplerate
    decay = 0.09 if open_hat else 0.015
    return shaped_noise(rng, frames, samplerate, 6000.0, 16000.0) * np.exp(-t / decay) * 0.25


def bell(freq_hz, samplerate, seconds=1.2):
    """A bright inharmonic bell (coin chime): partials with their own decays."""
    frames = int(seconds * samplerate)
    t = np.arange(frames) / samplerate
    out = np.zeros(frames)
    for ratio, amplitude, decay_s in ((1.0, 1.0, 0.45), (2.76, 0.5, 0.25),
                                      (5.40, 0.25, 0.12), (8.93, 0.12, 0.06)):
        if ratio * freq_hz < 0.45 * samplerate:
            out += amplitude * np.sin(2 * np.pi * ratio * freq_hz * t) * np.exp(-t / decay_s)
    return out * np.clip(t / 0.001, 0.0, 1.0)


def pan_mono(signal, pan):
    """Constant-power pan of a mono signal to (frames, 2); pan in -1..+1."""
    theta = (pan + 1.0) * np.pi / 4.0
    return np.stack([signal * np.cos(theta), signal * np.sin(theta)], axis=1)
