// A consumer actor: the runtime's loop hands it every record of its `in`
// port, in order, exactly once, even across restarts of either actor.
import { defineActor, runActor } from '../../../src/runtime/actor/index.js';

let sum = 0;
let seen = 0;

runActor(
  defineActor({
    onRecord(view, offset) {
      sum += view.getFloat64(offset, true);
      seen++;
    },
    stats() {
      return { sum, seen };
    },
  }),
);
