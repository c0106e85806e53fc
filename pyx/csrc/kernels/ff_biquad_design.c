/* ff_biquad_design.c - RBJ cookbook coefficients (see ff_biquad_design.h). */
#include "kernels/ff_biquad_design.h"

#include <math.h>

#define FF_PI 3.14159265358979323846

static double clamp_or(double v, double lo, double hi, double fallback)
{
    if (!isfinite(v))
        v = fallback;
    return v < lo ? lo : (v > hi ? hi : v);
}

void ff_biquad_sanitise(double *freq_hz, double *q, double *gain_db, double *samplerate)
{
    if (!(isfinite(*samplerate) && *samplerate >= 4.0))
        *samplerate = 48000.0;
    *freq_hz = clamp_or(*freq_hz, 1.0, *samplerate / 2.0 - 1.0, 1000.0);
    *q = clamp_or(*q, 0.01, 100.0, 0.707);
    *gain_db = clamp_or(*gain_db, -60.0, 24.0, 0.0);
}

void ff_biquad_design(int kind, double freq_hz, double q, double gain_db, double samplerate,
                      double coef[5])
{
    double f = freq_hz, qq = q, g = gain_db, sr = samplerate;
    ff_biquad_sanitise(&f, &qq, &g, &sr);

    const double w0 = 2.0 * FF_PI * f / sr;
    const double cw = cos(w0), sw = sin(w0);
    const double alpha = sw / (2.0 * qq);
    const double A = pow(10.0, g / 40.0);
    const double shelf = 2.0 * sqrt(A) * alpha;
    double b0, b1, b2, a0, a1, a2;

    switch (kind) {
    case FF_BIQUAD_LOWPASS:
        b0 = (1.0 - cw) / 2.0, b1 = 1.0 - cw, b2 = b0;
        a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
        break;
    case FF_BIQUAD_HIGHPASS:
        b0 = (1.0 + cw) / 2.0, b1 = -(1.0 + cw), b2 = b0;
        a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
        break;
    case FF_BIQUAD_BANDPASS:
        b0 = alpha, b1 = 0.0, b2 = -alpha;
        a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
        break;
    case FF_BIQUAD_NOTCH:
        b0 = 1.0, b1 = -2.0 * cw, b2 = 1.0;
        a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
        break;
    case FF_BIQUAD_ALLPASS:
        b0 = 1.0 - alpha, b1 = -2.0 * cw, b2 = 1.0 + alpha;
        a0 = 1.0 + alpha, a1 = -2.0 * cw, a2 = 1.0 - alpha;
        break;
    case FF_BIQUAD_PEAKING:
        b0 = 1.0 + alpha * A, b1 = -2.0 * cw, b2 = 1.0 - alpha * A;
        a0 = 1.0 + alpha / A, a1 = -2.0 * cw, a2 = 1.0 - alpha / A;
        break;
    case FF_BIQUAD_LOWSHELF:
        b0 = A * ((A + 1.0) - (A - 1.0) * cw + shelf);
        b1 = 2.0 * A * ((A - 1.0) - (A + 1.0) * cw);
        b2 = A * ((A + 1.0) - (A - 1.0) * cw - shelf);
        a0 = (A + 1.0) + (A - 1.0) * cw + shelf;
        a1 = -2.0 * ((A - 1.0) + (A + 1.0) * cw);
        a2 = (A + 1.0) + (A - 1.0) * cw - shelf;
        break;
    case FF_BIQUAD_HIGHSHELF:
        b0 = A * ((A + 1.0) + (A - 1.0) * cw + shelf);
        b1 = -2.0 * A * ((A - 1.0) + (A + 1.0) * cw);
        b2 = A * ((A + 1.0) + (A - 1.0) * cw - shelf);
        a0 = (A + 1.0) - (A - 1.0) * cw + shelf;
        a1 = 2.0 * ((A - 1.0) - (A + 1.0) * cw);
        a2 = (A + 1.0) - (A - 1.0) * cw - shelf;
        break;
    default: /* FF_BIQUAD_BYPASS and anything unknown */
        b0 = 1.0, b1 = 0.0, b2 = 0.0, a0 = 1.0, a1 = 0.0, a2 = 0.0;
        break;
    }
    coef[0] = b0 / a0;
    coef[1] = b1 / a0;
    coef[2] = b2 / a0;
    coef[3] = a1 / a0;
    coef[4] = a2 / a0;
}
