/* ff_rt.h - mark the real-time section for RealtimeSanitizer.
 *
 * RT_ENTER() ... RT_EXIT() around the render. The hooks are weak symbols: with
 * the rtsan preload library in LD_PRELOAD any malloc, lock or syscall between
 * them aborts with a report; without it each macro is one predictable branch.
 * Define FF_RT_DISABLE to compile them out entirely.
 */
#ifndef FF_RT_H
#define FF_RT_H

#ifndef FF_RT_DISABLE
__attribute__((weak)) void __rtsan_realtime_enter(void);
__attribute__((weak)) void __rtsan_realtime_exit(void);
static inline void ff_rt_enter(void) { if (__rtsan_realtime_enter) __rtsan_realtime_enter(); }
static inline void ff_rt_exit(void) { if (__rtsan_realtime_exit) __rtsan_realtime_exit(); }
#define RT_ENTER() ff_rt_enter()
#define RT_EXIT() ff_rt_exit()
#else
#define RT_ENTER() ((void)0)
#define RT_EXIT() ((void)0)
#endif

#endif /* FF_RT_H */
