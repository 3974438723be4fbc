import { describe, expect, it } from 'vitest';
import {
  classifyExit,
  isAbnormal,
  kExitReasons,
  kOutOfMemoryCode,
  type ExitReason,
  type WorkerEnd,
} from '../../../src/runtime/supervisor/exit-reason.js';

const oom = Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
  code: kOutOfMemoryCode,
});
const crash = new Error('boom');

describe('classifyExit', () => {
  const cases: Array<[string, WorkerEnd, ExitReason]> = [
    ['exit 0 unasked', { exitCode: 0, stopRequested: false }, 'normal'],
    ['exit 0 after a stop request', { exitCode: 0, stopRequested: true }, 'shutdown'],
    ['terminate() after a stop request reports 1', { exitCode: 1, stopRequested: true }, 'shutdown'],
    ['process.exit(3) in the worker', { exitCode: 3, stopRequested: false }, 'exit_nonzero'],
    ['uncaught exception', { errorEvent: crash, exitCode: 1, stopRequested: false }, 'error'],
    ['a thrown non-Error value', { errorEvent: 'oops', exitCode: 1, stopRequested: false }, 'error'],
    ['an Error with another code', { errorEvent: Object.assign(new Error('x'), { code: 'ERR_WORKER_INIT_FAILED' }), exitCode: 1, stopRequested: false }, 'error'],
    ['crash while draining is still an error', { errorEvent: crash, exitCode: 1, stopRequested: true }, 'error'],
    ['resourceLimits exceeded', { errorEvent: oom, exitCode: 1, stopRequested: false }, 'out_of_memory'],
    ['out of memory while draining', { errorEvent: oom, exitCode: 1, stopRequested: true }, 'out_of_memory'],
    ['hung, then terminated', { exitCode: 1, stopRequested: true, hungDetected: true }, 'hung'],
    ['hung wins over an error raised by termination', { errorEvent: crash, exitCode: 1, stopRequested: true, hungDetected: true }, 'hung'],
    ['hungDetected false changes nothing', { exitCode: 0, stopRequested: false, hungDetected: false }, 'normal'],
  ];

  it.each(cases)('%s', (_title, end, reason) => {
    expect(classifyExit(end)).toBe(reason);
  });

  it('every reason is reachable', () => {
    const reached = new Set(cases.map(([, , reason]) => reason));
    expect([...reached].sort()).toEqual([...kExitReasons].sort());
  });
});

describe('isAbnormal', () => {
  it.each([
    ['normal', false],
    ['shutdown', false],
    ['error', true],
    ['exit_nonzero', true],
    ['out_of_memory', true],
    ['hung', true],
  ] as Array<[ExitReason, boolean]>)('%s -> %s', (reason, abnormal) => {
    expect(isAbnormal(reason)).toBe(abnormal);
  });
});
