/* ff_pan.h - constant-power pan law, header only.
 *
 * Mono source: theta = (pan + 1) * pi/4, left = cos(theta), right = sin(theta);
 * pan -1 is hard left, 0 is -3 dB per side, +1 is hard right.
 *
 * Stereo source (dual pan): the left input is placed with pan_l, the right
 * input with pan_r:
 *     out_L = g[0]*L + g[1]*R,   g[0] = cos(tL), g[1] = cos(tR)
 *     out_R = g[2]*L + g[3]*R,   g[2] = sin(tL), g[3] = sin(tR)
 * "The sum of the squared gains" is taken per output: when g[0]^2 + g[1]^2
 * exceeds 1, both out_L gains are scaled by 1/sqrt(that sum), likewise for
 * out_R. (Taken over all four gains the sum is always 2, which would contradict
 * "defaults pass stereo at unity".) Defaults pan_l = -1, pan_r = +1 give the
 * identity; both at 0 give 0.707*(L+R) on each side; both at -1 give
 * (L+R)/sqrt(2) on the left and silence on the right.
 *
 * Pan values are clamped to [-1, 1]; a NaN pan counts as centre (0).
 */
#ifndef FF_PAN_H
#define FF_PAN_H

#include <math.h>

#define FF_PI 3.14159265358979323846

static inline double ff_pan_clamp(double pan)
{
    if (pan != pan)
        return 0.0;
    return pan < -1.0 ? -1.0 : (pan > 1.0 ? 1.0 : pan);
}

/* cos(theta) is computed as sin(pi/2 - theta) = sin((1 - pan) * pi/4): the
 * same value, but exactly 0 at the hard right and exactly mirror-symmetric. */
static inline void ff_pan_mono(double pan, double *left, double *right)
{
    const double p = ff_pan_clamp(pan);
    *left = sin((1.0 - p) * (FF_PI / 4.0));
    *right = sin((1.0 + p) * (FF_PI / 4.0));
}

/* Scale a pair of gains feeding one output so their squares sum to at most 1. */
static inline void ff_pan_normalise_pair(double *a, double *b)
{
    const double sum = *a * *a + *b * *b;
    if (sum > 1.0) {
        const double scale = 1.0 / sqrt(sum);
        *a *= scale;
        *b *= scale;
    }
}

/* g = {L->out_L, R->out_L, L->out_R, R->out_R}. */
static inline void ff_pan_stereo(double pan_l, double pan_r, double g[4])
{
    ff_pan_mono(pan_l, &g[0], &g[2]);
    ff_pan_mono(pan_r, &g[1], &g[3]);
    ff_pan_normalise_pair(&g[0], &g[1]);
    ff_pan_normalise_pair(&g[2], &g[3]);
}

#endif /* FF_PAN_H */
