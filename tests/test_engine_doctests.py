"""The runnable examples in the engine's docstrings stay true."""
import doctest
import importlib

import pytest

MODULES = ["fluxforge.engine.engine", "fluxforge.engine.types", "fluxforge.engine.buses",
           "fluxforge.engine.tracks", "fluxforge.engine.voices", "fluxforge.engine.ducking",
           "fluxforge.engine.clips", "fluxforge._engine"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0
