/* ff_read_floor.h - a plain read of clip frames: the memory floor of a render.
 *
 * ff_read_floor sums `floats` float32 values from each of `count` clips,
 * starting `offset` floats into every clip (clip c at base + c * clip_floats),
 * with 16-byte vector loads into four accumulators. It does nothing else, so
 * its time is what reading those bytes costs: the floor a render that streams
 * the same frames cannot beat. The sum is returned so the reads are not
 * optimised away.
 */
#ifndef FF_READ_FLOOR_H
#define FF_READ_FLOOR_H

#include <stddef.h>

double ff_read_floor(const float *base, size_t count, size_t clip_floats, size_t offset,
                     size_t floats);

#endif /* FF_READ_FLOOR_H */
