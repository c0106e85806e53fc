"""FluxForge Studio: the Kivy touch mixing surface.

Layout and bindings live in ``.kv`` files next to the widgets; behaviour in
Python. Widgets never talk to the engine: they edit the UI-side
:class:`app.mixer_model.MixerModel`, which sends one batch of edits and reads
the meters once per frame.

Run it with the console command ``fluxforge-studio [session]``
(see :func:`app.main.main`). It installs as the package ``fluxforge_studio`` (from a checkout it
imports as ``app``). Importing it does not import Kivy.
"""
