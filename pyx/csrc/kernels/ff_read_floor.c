/* ff_read_floor.c - a plain read of clip frames (see ff_read_floor.h). */
#include <string.h>

#include "kernels/ff_read_floor.h"

typedef float ff_f4 __attribute__((vector_size(16)));

double ff_read_floor(const float *base, size_t count, size_t clip_floats, size_t offset,
                     size_t floats)
{
    ff_f4 acc[4] = {{0}, {0}, {0}, {0}};
    double total = 0.0;
    for (size_t c = 0; c < count; c++) {
        const float *p = base + c * clip_floats + offset;
        size_t i = 0;
        for (; i + 16 <= floats; i += 16) {
            for (int k = 0; k < 4; k++) {
                ff_f4 v;
                memcpy(&v, p + i + 4 * k, sizeof v);
                acc[k] += v;
            }
        }
        for (; i < floats; i++)
            total += p[i];
    }
    for (int k = 0; k < 4; k++)
        for (int j = 0; j < 4; j++)
            total += acc[k][j];
    return total;
}
