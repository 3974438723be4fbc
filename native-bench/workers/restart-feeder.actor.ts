import { defineActor, runActor } from '../../src/runtime/actor/index.js';

// Restart bench source: every millisecond it writes a few numbered records to
// `out`, so records are waiting in the ring whenever the victim restarts.
const kPerTick = 8;
let timer: NodeJS.Timeout | undefined;
let next = 0;

runActor(
  defineActor({
    init(ctx) {
      const out = ctx.outputs.out!;
      timer = setInterval(() => {
        for (let i = 0; i < kPerTick; i++) {
          const off = out.tryClaim(); // -1: ring full while the victim is down; try next tick
          if (off < 0) break;
          out.view.setFloat64(off, next++, true);
          out.commit();
        }
        out.publish();
      }, 1);
    },
    drain() {
      clearInterval(timer);
    },
  }),
);
