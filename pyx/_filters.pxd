# _filters.pxd - table of contents of fluxforge._filters: Biquad and BiquadBank.
#
# The C side is declared in _dsp.pxd (ff_biquad_design, the kernel table);
# this module reads the process-wide kernel slot through the
# fluxforge._dsp._kernel_slot() capsule like any other compiled module.
# The extension types are declared in _filters.pyx (they cannot be shared by
# cimport, since the sources sit outside the package).
