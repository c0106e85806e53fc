"""The demo session: synthesised musical stems (:mod:`~fluxforge.demo.synth`) and the
session file that mixes them (:mod:`~fluxforge.demo.project`)."""
from fluxforge.demo.project import SESSION_NAME, STEMS, write_demo

__all__ = ["SESSION_NAME", "STEMS", "write_demo"]
