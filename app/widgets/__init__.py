"""Widgets of the mixing surface: fader, pan knob, meter, waveform, strips.

Importing a widget module registers its class and loads its ``.kv`` rules
once (see :func:`app.widgets.kvload.load_kv`).
"""
