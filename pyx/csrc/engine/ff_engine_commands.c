/* ff_engine_commands.c - the structural changes Python queues on the command ring.
 *
 * The render drains the ring at the start of every block (ff_engine_render.c) and
 * applies each command in order: tracks, EQ, routing, loop, voices, ducking,
 * reset, live loudness (ff_engine_loudness.c). A command naming a bad slot, band or type is ignored and counted.
 */
#include <string.h>

#include "engine/ff_engine_internal.h"
#include "engine/ff_engine_loudness.h"

static void reset_memories(ff_engine *e)
{
    ff_voices_end_all(e);
    ff_tracks_reset(e);
    memset(e->meters.bus, 0, sizeof(e->meters.bus));
    ff_master_reset(e);
    ff_live_loudness_reset(e);
    ff_meter_publish(e);
}

static void apply_command(ff_engine *e, const ff_command *c)
{
    int rc = 0;
    switch (c->type) {
    case FF_CMD_ADD_TRACK: rc = ff_track_add(e, c); break;
    case FF_CMD_REMOVE_TRACK: rc = ff_track_remove(e, c->index); break;
    case FF_CMD_SET_EQ: rc = ff_track_set_eq(e, c); break;
    case FF_CMD_SET_ROUTING: ff_buses_route(e, c); break;
    case FF_CMD_SET_LOOP: ff_transport_set_loop(e, c->i[0] && c->b > c->a, c->a, c->b); break;
    case FF_CMD_VOICE_START: ff_voice_start(e, c); break;
    case FF_CMD_VOICE_STOP: ff_voice_stop(e, c); break;
    case FF_CMD_VOICE_SET: ff_voice_set(e, c); break;
    case FF_CMD_RESET: reset_memories(e); break;
    case FF_CMD_DUCK_SET: rc = ff_duck_set(e, c); break;
    case FF_CMD_DUCK_REMOVE: rc = ff_duck_remove(e, c->index); break;
    case FF_CMD_DUCK_CLEAR: ff_duck_clear(e); break;
    case FF_CMD_LOUDNESS_RESET:
    case FF_CMD_LOUDNESS_ENABLE: rc = ff_live_loudness_command(e, c); break;
    default: rc = -1; break;
    }
    if (rc == 0)
        FF_STAT_ADD(e, commands, 1);
    else
        FF_STAT_ADD(e, commands_ignored, 1);
}

void ff_engine_apply_commands(ff_engine *e)
{
    ff_command c;
    size_t budget = ff_ring_capacity(&e->rings.commands);
    while (budget-- > 0 && ff_ring_pop(&e->rings.commands, &c) == 0)
        apply_command(e, &c);
}
