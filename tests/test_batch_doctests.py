"""The runnable examples in the batch modules' docstrings stay true."""
import doctest
import importlib

import pytest

MODULES = ["fluxforge.batch.analyze", "fluxforge.batch.cluster", "fluxforge.batch.discover",
           "fluxforge.batch.measure", "fluxforge.batch.progress", "fluxforge.batch.render",
           "fluxforge.batch.row", "fluxforge.batch.store", "fluxforge.cache.location",
           "fluxforge.engine.bounce"]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0
