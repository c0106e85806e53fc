"""Test signals of EBU Tech 3341 / 3342 and the libebur128 reference (pyebur128)."""
import numpy as np
import pyebur128

# libebur128 measurement modes (flags): momentary, short-term, integrated, LRA, peaks
MODE_ALL = 1 | 3 | 5 | 11 | 17 | 49 | 64


def sine(seconds, dbfs, samplerate=48000, freq_hz=1000.0, channels=2, phase=0.0):
    """A sine at ``dbfs`` peak level on ``channels`` identical channels."""
    t = np.arange(int(round(seconds * samplerate))) / samplerate
    tone = 10 ** (dbfs / 20) * np.sin(2 * np.pi * freq_hz * t + phase)
    return np.repeat(tone[:, None], channels, axis=1)


def segments(parts, samplerate=48000, channels=2):
    """Concatenated 1 kHz sines: ``parts`` is [(seconds, dbfs), ...]."""
    return np.concatenate([sine(s, d, samplerate, channels=channels) for s, d in parts])


def ebur128(samples, samplerate, step_s=0.1):
    """libebur128's figures (histogram mode), feeding 100 ms blocks so that the
    maximum momentary / short-term loudness is sampled as FluxForge samples it."""
    x = samples if samples.ndim == 2 else samples[:, None]
    state = pyebur128.R128State(x.shape[1], samplerate, MODE_ALL)
    step = (samplerate + 5) // 10 if step_s == 0.1 else int(step_s * samplerate)
    max_m = max_s = -np.inf
    for start in range(0, len(x), step):
        block = np.ascontiguousarray(x[start:start + step], dtype=np.float64)
        state.add_frames(block.reshape(-1), len(block))
        if len(block) == step:
            max_m = max(max_m, pyebur128.get_loudness_momentary(state))
            max_s = max(max_s, pyebur128.get_loudness_shortterm(state))
    tp = max(pyebur128.get_true_peak(state, c) for c in range(x.shape[1]))
    sp = max(pyebur128.get_sample_peak(state, c) for c in range(x.shape[1]))
    return {
        "integrated_lufs": pyebur128.get_loudness_global(state),
        "lra_lu": pyebur128.get_loudness_range(state),
        "max_momentary_lufs": max_m,
        "max_short_term_lufs": max_s,
        "true_peak_dbtp": 20 * np.log10(tp) if tp > 0 else -np.inf,
        "sample_peak_dbfs": 20 * np.log10(sp) if sp > 0 else -np.inf,
    }
