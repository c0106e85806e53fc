"""fluxforge info: version, SIMD levels, denormal mode and audio output devices.

The SIMD level in use is the best the CPU supports unless FLUXFORGE_SIMD
forces a lower one (scalar, sse4.2, avx2, avx512, neon). Denormals are
flushed to zero (FTZ+DAZ) by the audio thread at the start of every block;
the report checks that this CPU supports it. With --json the same facts come
as one JSON object.

Example
-------
    fluxforge info
    FLUXFORGE_SIMD=sse4.2 fluxforge info --json
"""
import json
import os
import platform

from fluxforge import __version__


def add_arguments(parser):
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of text")


def _denormal_mode(dsp):
    before = dsp.denormals_are_zero()
    dsp.set_denormals_zero()
    try:
        supported = dsp.denormals_are_zero()
    finally:
        dsp.restore_denormals()
    return {"flush_to_zero_supported": bool(supported),
            "this_thread_flushes": bool(before),
            "audio_thread": "FTZ+DAZ set at the start of every block" if supported
                            else "not available on this CPU (no flushing)"}


def _audio_devices():
    from fluxforge.engine.devices import NoAudioDeviceError, choose_output_device, devices
    try:
        outputs = devices()
    except NoAudioDeviceError as err:
        return {"devices": [], "chosen": None, "problem": str(err)}
    try:
        chosen, problem = choose_output_device().index, None
    except NoAudioDeviceError as err:
        chosen, problem = None, str(err)
    return {"devices": [dict(index=d.index, name=d.name, host_api=d.host_api,
                             channels=d.channels, default_samplerate_hz=d.default_samplerate_hz,
                             low_latency_s=d.low_latency_s, is_default=d.is_default)
                        for d in outputs],
            "chosen": chosen, "problem": problem}


def collect():
    """Everything ``fluxforge info`` reports, as a JSON-ready dict."""
    from fluxforge import dsp
    return {
        "version": __version__,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "simd": {"level": dsp.simd_level(), "available": list(dsp.available_simd_levels()),
                 "forced_by_env": os.environ.get("FLUXFORGE_SIMD")},
        "denormals": _denormal_mode(dsp),
        "audio": _audio_devices(),
    }


def _print_text(facts):
    simd, den, audio = facts["simd"], facts["denormals"], facts["audio"]
    print(f"fluxforge {facts['version']} (Python {facts['python']}, {facts['machine']})")
    forced = f" (forced by FLUXFORGE_SIMD={simd['forced_by_env']})" if simd["forced_by_env"] else ""
    print(f"SIMD level:  {simd['level']}{forced}; available: {', '.join(simd['available'])}")
    print(f"denormals:   {den['audio_thread']}")
    print("audio output devices:")
    for d in audio["devices"]:
        mark = "*" if d["index"] == audio["chosen"] else " "
        print(f"  {mark} {d['index']:>3}  {d['name']}  [{d['host_api']}, {d['channels']} ch, "
              f"{d['default_samplerate_hz']:.0f} Hz, {1000 * d['low_latency_s']:.1f} ms]")
    if audio["problem"]:
        print(f"  none usable: {audio['problem']}")
    elif audio["chosen"] is not None:
        print("  (* = used by 'fluxforge play' unless --device says otherwise)")


def run(args):
    facts = collect()
    if args.json:
        print(json.dumps(facts, indent=2))
    else:
        _print_text(facts)
    return 0
