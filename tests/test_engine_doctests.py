"""The runnable examples in the engine's docstrings stay true."""
import doctest
import importlib

import pytest

MODULES = ["fluxforge.engine", "fluxforge.engine_types", "fluxforge.engine_buses",
           "fluxforge.engine_tracks", "fluxforge.engine_voices", "fluxforge.engine_ducking", "fluxforge.clips",
           "fluxforge._engine"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
