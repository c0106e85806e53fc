/* ff_true_peak.c - BS.1770-4 Annex 2 true peak (see ff_true_peak.h). */
#include "ff_true_peak.h"

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
    tp->pos = 0;
    memset(tp->hist, 0, sizeof tp->hist);
    memset(tp->peak, 0, sizeof tp->peak);
}

/* One channel, 4x: the four phase outputs are accumulated side by side, so
 * each tap is one short vector multiply-add (no reassociation needed). */
static double peak4(double *hist, int pos, const double *x, size_t frames, int stride, double pk)
{
    for (size_t i = 0; i < frames; i++) {
        const double v = x[i * (size_t)stride];
        pos = pos == 0 ? FF_TP_TAPS - 1 : pos - 1;
        hist[pos] = v;
        hist[pos + FF_TP_TAPS] = v;
        const double *h = hist + pos;   /* h[0] newest .. h[11] oldest */
        double acc[FF_TP_PHASES] = {0.0, 0.0, 0.0, 0.0};
        for (int t = 0; t < FF_TP_TAPS; t++)
            for (int p = 0; p < FF_TP_PHASES; p++)
                acc[p] += ff_true_peak_coef[t][p] * h[t];
        for (int p = 0; p < FF_TP_PHASES; p++) {
            const double a = fabs(acc[p]);
            pk = a > pk ? a : pk;
        }
    }
    return pk;
}

static double peak2(double *hist, int pos, const double *x, size_t frames, int stride, double pk)
{
    for (size_t i = 0; i < frames; i++) {
        const double v = x[i * (size_t)stride];
        pos = pos == 0 ? FF_TP_TAPS - 1 : pos - 1;
        hist[pos] = v;
        hist[pos + FF_TP_TAPS] = v;
        const double *h = hist + pos;
        double a0 = 0.0, a2 = 0.0;
        for (int t = 0; t < FF_TP_TAPS; t++) {
            a0 += ff_true_peak_coef[t][0] * h[t];
            a2 += ff_true_peak_coef[t][2] * h[t];
        }
        a0 = fabs(a0), a2 = fabs(a2);
        pk = a0 > pk ? a0 : pk;
        pk = a2 > pk ? a2 : pk;
    }
    return pk;
}

static double peak1(const double *x, size_t frames, int stride, double pk)
{
    for (size_t i = 0; i < frames; i++) {
        const double a = fabs(x[i * (size_t)stride]);
        pk = a > pk ? a : pk;
    }
    return pk;
}

void ff_true_peak_process(ff_true_peak *tp, const double *x, size_t frames)
{
    const int nch = tp->channels;
    if (frames == 0)
        return;
    for (int c = 0; c < nch; c++) {
        double pk = tp->peak[c];
        if (tp->factor == 4)
            pk = peak4(tp->hist[c], tp->pos, x + c, frames, nch, pk);
        else if (tp->factor == 2)
            pk = peak2(tp->hist[c], tp->pos, x + c, frames, nch, pk);
        else
            pk = peak1(x + c, frames, nch, pk);
        tp->peak[c] = pk;
    }
    tp->pos = (int)(((size_t)tp->pos + (size_t)FF_TP_TAPS - frames % FF_TP_TAPS) % FF_TP_TAPS);
}
