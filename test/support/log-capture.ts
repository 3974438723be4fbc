import { pino, type Logger } from 'pino';

/** A pino logger whose lines are parsed into `lines` (and optionally echoed for debugging). */
export function captureLog(echo = process.env.RINGMASTER_TEST_LOG === '1'): { log: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const log = pino(
    { level: 'debug' },
    {
      write(line: string) {
        if (echo) process.stderr.write(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      },
    },
  );
  return { log, lines };
}

export const kRestartLogFields = ['category', 'action', 'actor', 'reason', 'exitCode', 'attempt', 'backoffMs', 'downtimeMs'] as const;
