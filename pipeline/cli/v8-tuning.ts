/**
 * V8's settings for converting a batch: reads nothing, sets process-wide V8
 * flags once; and V8's full garbage collection, which needs a flag of its own.
 *
 * A batch is a short run of much code. V8 by default optimizes a function
 * once some 66 KB of its bytecode has run, and compiling that much optimized
 * code (on background threads, which on a machine of few cores take CPU from
 * the conversion itself) cost more than it saved. Tiering up some fifteen
 * times later leaves only the really hot functions to optimize. On the
 * 2-core development machine, paired runs of the 483-resolution corpus:
 * all four formats 20.2 -> 16.6 s (3 pairs), AKN+YAML 2.92 -> 2.41 s (4
 * pairs), a fifth less CPU time; 270 000 and 540 000 gave about half that
 * gain with all four formats, 2 000 000 the same as this.
 *
 * V8 flags are process-wide, so one call serves every thread. It is made once
 * the worker threads have started, not before: Node ships a code cache of its
 * own modules, recorded under V8's default flags, and a thread started after
 * a flag changed rejects it and compiles each of those modules from source
 * (NODE_DEBUG_NATIVE=CODE_CACHE shows 120 rejected for an empty worker). A
 * worker then took 100–115 ms to start instead of 68–83 ms.
 */
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

let tuned = false;

export function tuneV8ForBatch(): void {
  if (tuned) return;
  tuned = true;
  setFlagsFromString("--interrupt-budget=1000000");
}

let gc: (() => void) | undefined;

/**
 * V8's own full collection. It is reachable only with --expose-gc, which
 * holds for contexts created after the flag is set: the documented way to
 * get it at run time (see node:v8 setFlagsFromString). The flag is set at
 * the first call, not as a thread starts, for the reason above.
 */
export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString("--expose-gc");
    gc = runInNewContext("gc") as () => void;
  }
  gc();
}
