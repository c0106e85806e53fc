/* ff_true_peak.c - BS.1770-4 Annex 2 true peak (see ff_true_peak.h).
 * Never fused into FMAs, so ff_loudness_lanes.h reproduces these bits. */
#pragma GCC optimize("fp-contract=off")
#include "loudness/ff_true_peak.h"

#include <math.h>
#include <string.h>

/* Printed in the Annex as four columns (phases) of twelve taps. */
const double ff_true_peak_coef[FF_TP_TAPS][FF_TP_PHASES] = {
    { 0.0017089843750, -0.0291748046875, -0.0189208984375, -0.0083007812500},
    { 0.0109863281250,  0.0292968750000,  0.0330810546875,  0.0148925781250},
    {-0.0196533203125, -0.0517578125000, -0.0582275390625, -0.0266113281250},
    { 0.0332031250000,  0.0891113281250,  0.1015625000000,  0.0476074218750},
    {-0.0594482421875, -0.1665039062500, -0.2003173828125, -0.1022949218750},
    { 0.1373291015625,  0.4650878906250,  0.7797851562500,  0.9721679687500},
    { 0.9721679687500,  0.7797851562500,  0.4650878906250,  0.1373291015625},
    {-0.1022949218750, -0.2003173828125, -0.1665039062500, -0.0594482421875},
    { 0.0476074218750,  0.1015625000000,  0.0891113281250,  0.0332031250000},
    {-0.0266113281250, -0.0582275390625, -0.0517578125000, -0.0196533203125},
    { 0.0148925781250,  0.0330810546875,  0.0292968750000,  0.0109863281250},
    {-0.0083007812500, -0.0189208984375, -0.0291748046875,  0.0017089843750},
};

int ff_true_peak_init(ff_true_peak *tp, double samplerate_hz, int channels)
{
    memset(tp, 0, sizeof *tp);
    if (channels < 1 || channels > FF_TP_MAX_CHANNELS)
        return -1;
    tp->channels = channels;
    tp->factor = samplerate_hz < 96000.0 ? 4 : (samplerate_hz < 192000.0 ? 2 : 1);
    return 0;
}

void ff_true_peak_reset(ff_true_peak *tp)
{
    memset(tp->hist, 0, sizeof tp->hist);
    memset(tp->peak, 0, sizeof tp->peak);
}

/* Largest |output| of the phases in `phases` over n frames of one channel
 * whose samples follow the FF_TP_TAPS - 1 history values in xb. The taps
 * of one output are summed in order inside a register, outputs side by
 * side in vectors. */
static float chunk_peak(const float *xb, size_t n, const int *phases, int nphases)
{
    float mx[FF_TP_CHUNK];
    for (size_t i = 0; i < n; i++)
        mx[i] = 0.0f;
    for (int k = 0; k < nphases; k++) {
        float c[FF_TP_TAPS];
        for (int t = 0; t < FF_TP_TAPS; t++)
            c[t] = (float)ff_true_peak_coef[FF_TP_TAPS - 1 - t][phases[k]];
        /* c[j] multiplies xb[i + j]: xb[i + FF_TP_TAPS - 1] is the newest */
        for (size_t i = 0; i < n; i++) {
            const float a = fabsf(ff_tp_output(xb + i, c));
            mx[i] = a > mx[i] ? a : mx[i];
        }
    }
    float pk = 0.0f;
    for (size_t i = 0; i < n; i++)
        pk = mx[i] > pk ? mx[i] : pk;
    return pk;
}

void ff_true_peak_process(ff_true_peak *tp, const double *x, size_t frames)
{
    static const int all4[4] = {0, 1, 2, 3}, half[2] = {0, 2};
    const int nch = tp->channels;
    float xb[FF_TP_TAPS - 1 + FF_TP_CHUNK];
    while (frames > 0) {
        const size_t n = frames < FF_TP_CHUNK ? frames : FF_TP_CHUNK;
        for (int c = 0; c < nch; c++) {
            float *h = tp->hist[c];
            memcpy(xb, h, sizeof tp->hist[c]);
            for (size_t i = 0; i < n; i++)
                xb[FF_TP_TAPS - 1 + i] = (float)x[i * (size_t)nch + (size_t)c];
            double pk;
            if (tp->factor == 4)
                pk = chunk_peak(xb, n, all4, 4);
            else if (tp->factor == 2)
                pk = chunk_peak(xb, n, half, 2);
            else
                pk = 0.0;   /* 1x: the sample peak is the reading */
            if (pk > tp->peak[c])
                tp->peak[c] = pk;
            memcpy(h, xb + n, sizeof tp->hist[c]);
        }
        x += n * (size_t)nch;
        frames -= n;
    }
}
