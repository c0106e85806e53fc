"""The examples in the DSP docstrings run and show what they claim."""
import doctest

import pytest

from fluxforge import _dsp, _filters, _kernels, dsp


@pytest.mark.parametrize("module", [dsp, _dsp, _kernels, _filters], ids=lambda m: m.__name__)
def test_docstring_examples(module):
    with dsp.forced_simd_level(dsp.best_simd_level()):
        result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0
