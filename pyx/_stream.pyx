"""fluxforge._stream - the C PortAudio callback behind :class:`fluxforge.stream.EngineStream`.

``callback_address()`` is the address of ``ff_callback`` (a ``PaStreamCallback``);
a :class:`CallbackState` owns the userdata struct that tells it which render
function to call on which state, and collects lock-free statistics. The owner
must close the PortAudio stream before the state is freed.
"""
from libc.math cimport isfinite
from libc.stdint cimport uintptr_t
from libc.stdlib cimport calloc, free
from operator import index as _index

from _stream cimport (
    ff_render_fn, ff_callback_stats, ff_callback_data, ff_callback_init, ff_callback,
    ff_callback_read_stats, ff_callback_request_peak_reset, ff_callback_now_ns,
)


def callback_address():
    """Address of the C stream callback, to cast to ``PaStreamCallback*``."""
    return <uintptr_t>&ff_callback


cdef uintptr_t _as_address(object value, str name) except 0:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a non-zero address (int), got bool")
    try:
        value = _index(value)
    except TypeError:
        raise TypeError(f"{name} must be a non-zero address (int), "
                        f"got {type(value).__name__}") from None
    cdef uintptr_t address
    try:
        address = value if value > 0 else 0
    except OverflowError:
        address = 0
    if address == 0:
        raise ValueError(f"{name} must be a non-zero address, got {value}")
    return address


cdef class CallbackState:
    """Userdata of the C stream callback: what to render, and what happened.

    Parameters
    ----------
    render_fn_address : int
        Address of an ``int render(void *state, float *out, unsigned long frames)``
        that fills ``frames`` interleaved float32 frames; non-zero return = error
        (the block is silenced and counted).
    render_state_address : int
        The ``state`` pointer passed to it. It must outlive every stream using this.
    samplerate : float
        Stream sample rate in Hz (for the late-callback threshold).
    channels : int
        Interleaved channels the render writes.
    late_factor : float
        A callback is late when it starts more than ``late_factor`` block
        durations after the previous one (default 1.5: half a block of slack).

    Examples
    --------
    >>> state = CallbackState(fn, engine_state, 48000.0)
    >>> state.stats()["callbacks"]
    0
    """

    cdef ff_callback_data *data
    cdef readonly double samplerate
    cdef readonly unsigned int channels

    def __cinit__(self, render_fn_address, render_state_address, samplerate,
                  channels=2, late_factor=1.5):
        cdef uintptr_t fn = _as_address(render_fn_address, "render_fn_address")
        cdef uintptr_t state = _as_address(render_state_address, "render_state_address")
        samplerate = float(samplerate)
        late_factor = float(late_factor)
        if not (isfinite(samplerate) and samplerate > 0):
            raise ValueError(f"samplerate must be a positive finite number of Hz, got {samplerate}")
        if isinstance(channels, bool) or not isinstance(channels, int):
            raise TypeError(f"channels must be an int, got {type(channels).__name__}")
        if not 1 <= channels <= 64:
            raise ValueError(f"channels must be in [1, 64], got {channels}")
        if not (isfinite(late_factor) and late_factor >= 1.0):
            raise ValueError(f"late_factor must be a finite number >= 1, got {late_factor}")
        self.data = <ff_callback_data *>calloc(1, sizeof(ff_callback_data))
        if self.data == NULL:
            raise MemoryError("cannot allocate the callback state")
        self.samplerate = samplerate
        self.channels = channels
        ff_callback_init(self.data, <ff_render_fn>fn, <void *>state, channels,
                         samplerate, late_factor)

    def __dealloc__(self):
        free(self.data)
        self.data = NULL

    @property
    def address(self):
        """Address of the userdata struct, to cast to ``void*``."""
        return <uintptr_t>self.data

    def stats(self):
        """A consistent snapshot of the callback statistics (dict).

        Keys: ``callbacks``, ``frames``, ``underflows`` (PortAudio's output
        underflow flags), ``late_callbacks``, ``render_errors``, ``overruns``
        (renders slower than real time: the only underflows the render itself
        causes), ``render_ms_mean``, ``render_ms_max``, ``worst_gap_ms`` (between
        callback starts), ``since_last_callback_s`` (None before the first).
        """
        cdef ff_callback_stats s
        ff_callback_read_stats(self.data, &s)
        now_ns = ff_callback_now_ns()
        return {
            "callbacks": s.callbacks,
            "frames": s.frames,
            "underflows": s.underflows,
            "late_callbacks": s.late_callbacks,
            "render_errors": s.render_errors,
            "overruns": s.overruns,
            "render_ms_mean": s.render_ns_total / s.callbacks / 1e6 if s.callbacks else 0.0,
            "render_ms_max": s.render_ns_max / 1e6,
            "worst_gap_ms": s.worst_gap_ns / 1e6,
            "since_last_callback_s": ((now_ns - s.last_callback_ns) / 1e9
                                      if s.last_callback_ns else None),
        }

    def reset_peaks(self):
        """Restart ``worst_gap_ms`` and ``render_ms_max`` from the next callback on."""
        ff_callback_request_peak_reset(self.data)
