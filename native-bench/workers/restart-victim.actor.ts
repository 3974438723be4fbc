import { defineActor, runActor, type CounterHandle } from '../../src/runtime/actor/index.js';

// Restart bench consumer, crashed on purpose by the bench (chaos 'crash').
// Each incarnation adds 1 to the shared counter `firstRecords` when it handles
// its first record, so the host sees "first record processed" without a message.
let firstRecords: CounterHandle | undefined;
let handledOne = false;

runActor(
  defineActor({
    init(ctx) {
      firstRecords = ctx.counters.firstRecords;
    },
    onRecord() {
      if (handledOne) return;
      handledOne = true;
      firstRecords?.add(1);
    },
  }),
);
