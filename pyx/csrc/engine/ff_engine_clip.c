/* ff_engine_clip.c - read a float32 clip into float64 rows (the mix runs in float64). */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_simd.h"

void ff_clip_read(const ff_engine *e, const ff_clip_ref *clip, uint64_t pos, size_t count,
                  double *l, double *r)
{
    size_t avail = 0;
    if (pos < clip->frames) {
        uint64_t rest = clip->frames - pos;
        avail = rest < count ? (size_t)rest : count;
    }
    e->simd->clip_widen(clip->data + pos * clip->channels, avail, clip->channels, l, r);
    if (avail < count) {
        memset(l + avail, 0, (count - avail) * sizeof(double));
        if (r && clip->channels == 2)
            memset(r + avail, 0, (count - avail) * sizeof(double));
    }
}
