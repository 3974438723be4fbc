/**
 * Preload (`node --require dist/native-bench/e2e/thread-tag.cjs`) for the
 * e2e bench's host process: Node runs `--require` modules in every worker
 * thread too, so each thread writes its OS thread id (the `tid` of
 * /proc/PID/task/TID) to `$RINGMASTER_THREAD_TAG_DIR/<Node threadId>`. With
 * ActorSystem.actors()'s threadId, the bench then reads each actor's CPU
 * time from /proc. Node neither names its worker threads nor exposes their
 * OS ids, and thread creation order is not spawn order, so the thread must
 * say it itself. Does nothing when the variable is unset or off Linux.
 */
import fs = require('node:fs');
import path = require('node:path');
import workerThreads = require('node:worker_threads');

const dir = process.env.RINGMASTER_THREAD_TAG_DIR;
if (dir !== undefined && dir !== '') {
  try {
    // /proc/thread-self -> "<pid>/task/<tid>"
    const tid = path.basename(fs.readlinkSync('/proc/thread-self'));
    fs.writeFileSync(path.join(dir, String(workerThreads.threadId)), tid);
  } catch {
    // Not Linux, or the directory is gone: the bench reports process totals only.
  }
}
