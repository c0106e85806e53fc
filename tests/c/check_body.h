/* check_body.h - one sample type's checks for kernels_vs_scalar.c (body header).
 *
 * Expects T (double/float), S (f64/f32), RTOL and CHECK_FN(name) -> name_S.
 */
static void CHECK_FN(check_buffers)(const ff_kernels *k, const ff_kernels *ref)
{
    static T a[MAX_N + OFFSETS], b[MAX_N + OFFSETS], c[MAX_N + OFFSETS], d[MAX_N + OFFSETS];
    unsigned seed = 12345;
    for (size_t n = 0; n <= MAX_N; n += (n < 300 ? 1 : 37)) {
        const size_t off = n % OFFSETS;
        for (size_t i = 0; i < n + OFFSETS; i++) {
            a[i] = c[i] = (T)noise(&seed);
            b[i] = d[i] = (T)noise(&seed);
        }
        k->CHECK_FN(mix_add)(a + off, b + off, n, (T)0.7);
        ref->CHECK_FN(mix_add)(c + off, d + off, n, (T)0.7);
        k->CHECK_FN(mix_add_ramp)(a + off, b + off, n, (T)0.1, (T)0.001);
        ref->CHECK_FN(mix_add_ramp)(c + off, d + off, n, (T)0.1, (T)0.001);
        k->CHECK_FN(stereo_gain)(a + off, b + off, n, (T)0.5, (T)-2.0);
        ref->CHECK_FN(stereo_gain)(c + off, d + off, n, (T)0.5, (T)-2.0);
        k->CHECK_FN(apply_gain)(a + off, n, (T)1.5);
        ref->CHECK_FN(apply_gain)(c + off, n, (T)1.5);
        for (size_t i = 0; i < n; i++)
            if (!close_to(a[off + i], c[off + i], RTOL) || !close_to(b[off + i], d[off + i], RTOL))
                fail(k->name, "mix/gain", n, a[off + i], c[off + i]);

        memcpy(c, a, sizeof c); /* the reductions see identical input */
        memcpy(d, b, sizeof d);
        const double peak = k->CHECK_FN(find_peak)(a + off, n);
        if (peak != ref->CHECK_FN(find_peak)(c + off, n))
            fail(k->name, "find_peak", n, peak, ref->CHECK_FN(find_peak)(c + off, n));
        const double sum = k->CHECK_FN(sum_squares)(a + off, n);
        if (!close_to(sum, ref->CHECK_FN(sum_squares)(c + off, n), 1e-12))
            fail(k->name, "sum_squares", n, sum, ref->CHECK_FN(sum_squares)(c + off, n));
        ff_stereo_stats got, want;
        k->CHECK_FN(stereo_stats)(a + off, b + off, n, &got);
        ref->CHECK_FN(stereo_stats)(c + off, d + off, n, &want);
        if (got.peak_l != want.peak_l || got.peak_r != want.peak_r ||
            !close_to(got.sum_ll, want.sum_ll, 1e-12) || !close_to(got.sum_rr, want.sum_rr, 1e-12) ||
            !close_to(got.sum_lr, want.sum_lr, 1e-9))
            fail(k->name, "stereo_stats", n, got.sum_lr, want.sum_lr);
        if (n > 0) {
            a[off + n - 1] = (T)NAN;
            if (!isnan(k->CHECK_FN(find_peak)(a + off, n)))
                fail(k->name, "find_peak(NaN)", n, k->CHECK_FN(find_peak)(a + off, n), NAN);
        }
    }
}

/* Banks of 1..37 channels (partial lane groups), in two calls (state carried),
 * against the scalar bank; channel 0 also against the single-channel kernel. */
static void CHECK_FN(check_filters)(const ff_kernels *k, const ff_kernels *ref)
{
    enum { FRAMES = 203, CS = 40 };
    static T x1[37 * FRAMES], x2[37 * FRAMES], coef[5 * CS], st1[4 * CS], st2[4 * CS];
    unsigned seed = 999;
    for (size_t channels = 1; channels <= 37; channels += 4) {
        for (size_t ch = 0; ch < channels; ch++) {
            double design[5];
            ff_biquad_design((int)(ch % 9), 50.0 + 400.0 * ch, 0.8, 4.0, 48000.0, design);
            for (int j = 0; j < 5; j++)
                coef[j * CS + ch] = (T)design[j];
        }
        memset(st1, 0, sizeof st1);
        memset(st2, 0, sizeof st2);
        for (size_t i = 0; i < channels * FRAMES; i++)
            x1[i] = x2[i] = (T)noise(&seed);
        T single[FRAMES], single_state[4] = {0}, single_coef[5];
        memcpy(single, x1, sizeof single);
        for (int j = 0; j < 5; j++)
            single_coef[j] = coef[j * CS];
        for (size_t t0 = 0; t0 < FRAMES; t0 += 101) {
            const size_t m = FRAMES - t0 < 101 ? FRAMES - t0 : 101;
            k->CHECK_FN(biquad_bank)(x1 + t0, FRAMES, channels, m, coef, st1, CS);
            ref->CHECK_FN(biquad_bank)(x2 + t0, FRAMES, channels, m, coef, st2, CS);
            k->CHECK_FN(biquad)(single + t0, m, single_coef, single_state);
        }
        for (size_t i = 0; i < channels * FRAMES; i++)
            if (!close_to(x1[i], x2[i], 100 * RTOL))
                fail(k->name, "biquad_bank", channels, x1[i], x2[i]);
        for (size_t i = 0; i < FRAMES; i++)
            if (!close_to(single[i], x2[i], 100 * RTOL))
                fail(k->name, "biquad", i, single[i], x2[i]);
    }
}
