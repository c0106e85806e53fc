/* ff_engine_messages.h - what Python and the render send each other through the rings.
 *
 * Commands (Python -> render) carry the structural changes: tracks, EQ,
 * routing, loop, voices, ducking, reset, live loudness reset and on/off. Events (render -> Python) report
 * clip touches, released tracks and ended voices. Both are fixed-size
 * records, copied in and out of the rings of ff_engine_ring.h; a clip is
 * referenced by pointer, its memory owned by Python until the render says
 * it no longer reads it.
 */
#ifndef FF_ENGINE_MESSAGES_H
#define FF_ENGINE_MESSAGES_H

#include <stdint.h>

#define FF_FRAME_NOW 0          /* start / stop frame "at the next rendered block" */
#define FF_FADE_RAMP (-1)       /* stop fade length "the engine's ramp time" */

typedef struct ff_clip_ref {
    const float *data;      /* (frames, channels) float32, C order; owned by Python */
    uint64_t frames;
    uint32_t channels;      /* 1 or 2 */
    uint32_t reserved;
    uint64_t key;           /* 64-bit clip key (fluxforge.keys) */
} ff_clip_ref;

enum ff_command_type {
    FF_CMD_ADD_TRACK = 1,   /* index = slot, id, clip */
    FF_CMD_REMOVE_TRACK,    /* index = slot -> event FF_EVT_TRACK_RELEASED */
    FF_CMD_SET_EQ,          /* index = slot, i[0] = band, i[1] = enabled, v = b0 b1 b2 a1 a2 */
    FF_CMD_SET_ROUTING,     /* i[0..5] = resolved bus outputs,
                               i[6..11] = bus order (upstream first) */
    FF_CMD_SET_LOOP,        /* i[0] = on, a = start, b = end */
    FF_CMD_VOICE_START,     /* id, clip, a = start frame, i[0] = bus, i[1] = loop,
                               i[2] = fade-in frames, v[0..3] = gain matrix, v[4] = rate */
    FF_CMD_VOICE_STOP,      /* id, a = frame the fade starts, i[0] = fade frames or FF_FADE_RAMP */
    FF_CMD_RESET,           /* end voices; clear filter, meter and DC blocker memory */
    FF_CMD_VOICE_SET,       /* id, i[0] = bit 0: v[0..3] gain matrix, bit 1: v[4] rate */
    FF_CMD_DUCK_SET,        /* index = rule slot, i[0] = source bus, i[1] = target bus,
                               v[0] = amount_db, v[1] = attack_ms, v[2] = release_ms */
    FF_CMD_DUCK_REMOVE,     /* index = rule slot */
    FF_CMD_DUCK_CLEAR,
    FF_CMD_LOUDNESS_RESET,  /* start a new live loudness measurement (ff_engine_loudness.h) */
    FF_CMD_LOUDNESS_ENABLE  /* i[0] = 1 meter loudness (a new measurement), 0 stop metering */
};

typedef struct ff_command {
    uint32_t type;
    uint32_t index;
    uint64_t id;
    uint64_t a, b;
    ff_clip_ref clip;
    double v[5];
    int32_t i[12];
} ff_command;

enum ff_event_type {
    FF_EVT_CLIP_TOUCHED = 1,   /* value = clip key */
    FF_EVT_TRACK_RELEASED,     /* slot = track slot, value = clip key: Python may drop the clip */
    FF_EVT_VOICE_ENDED         /* slot = reason (ff_voice_end), value = voice id */
};

enum ff_voice_end {
    FF_VOICE_FINISHED = 0,
    FF_VOICE_STOPPED = 1,
    FF_VOICE_STOLEN = 2,
    FF_VOICE_REFUSED = 3
};

typedef struct ff_event {
    uint32_t type;
    uint32_t slot;
    uint64_t value;
} ff_event;

#endif /* FF_ENGINE_MESSAGES_H */
