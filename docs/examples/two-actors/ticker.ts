// A source actor: every millisecond it writes a few numbered records to its
// `out` port. It stands in for anything event-driven (a socket, a timer).
import { defineActor, runActor } from '../../../src/runtime/actor/index.js';

let timer: NodeJS.Timeout | undefined;
let next = 0;

runActor(
  defineActor<{ perTick: number }>({
    init(ctx) {
      const out = ctx.outputs.out!;
      timer = setInterval(() => {
        let sent = 0;
        for (; sent < ctx.config.perTick; sent++) {
          const off = out.tryClaim(); // -1: ring full, try again next tick
          if (off < 0) break;
          out.view.setFloat64(off, next++, true);
          out.commit();
        }
        out.publish(); // end of burst: one index store, one wake-up at most
        ctx.counters.sent!.add(sent);
      }, 1);
    },
    drain() {
      clearInterval(timer); // graceful stop: no new input; the runtime flushes the ring
    },
  }),
);
