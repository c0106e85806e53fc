/* ff_biquad_serial.h - one biquad channel, direct form I (body header).
 *
 * Included once per sample type (see ff_template.h). State is
 * {x[n-1], x[n-2], y[n-1], y[n-2]}. Everything that does not depend on the
 * previous output is summed first, so the loop-carried critical path is a
 * single multiply-add: y = ff - a1*y[n-1] (one FMA where the ISA has it).
 * Never compile this with fast-math or reassociation.
 */
static inline FF_T FF_FN(flush_tiny)(FF_T v)
{
    return (v < (FF_T)FF_STATE_FLUSH && v > -(FF_T)FF_STATE_FLUSH) ? (FF_T)0 : v;
}

static void FF_FN(biquad_serial)(FF_T *x, size_t n, const FF_T coef[5], FF_T state[4])
{
    const FF_T b0 = coef[0], b1 = coef[1], b2 = coef[2], a1 = coef[3], a2 = coef[4];
    FF_T x1 = state[0], x2 = state[1], y1 = state[2], y2 = state[3];
    size_t i = 0;
    /* Two samples per turn, the new output written over the older one, so
     * the state never has to be copied from register to register (GCC's
     * scalar AVX copies are 1-cycle merges that would sit on the critical
     * path). Same expressions, same results as the one-sample loop below. */
    for (; i + 2 <= n; i += 2) {
        const FF_T xa = x[i], xb = x[i + 1];
        y2 = (b0 * xa + b1 * x1 + b2 * x2 - a2 * y2) - a1 * y1;
        x[i] = y2;
        y1 = (b0 * xb + b1 * xa + b2 * x1 - a2 * y1) - a1 * y2;
        x[i + 1] = y1;
        x2 = xa;
        x1 = xb;
    }
    for (; i < n; i++) {
        const FF_T x0 = x[i];
        const FF_T ff = b0 * x0 + b1 * x1 + b2 * x2 - a2 * y2;
        const FF_T y0 = ff - a1 * y1;
        x2 = x1;
        x1 = x0;
        y2 = y1;
        y1 = y0;
        x[i] = y0;
    }
    state[0] = FF_FN(flush_tiny)(x1);
    state[1] = FF_FN(flush_tiny)(x2);
    state[2] = FF_FN(flush_tiny)(y1);
    state[3] = FF_FN(flush_tiny)(y2);
}
