import { pino, type DestinationStream, type Logger, type LevelWithSilent } from 'pino';

/**
 * The host's logger: pino JSON lines on stdout, like every actor's. Secrets
 * are redacted wherever they appear in a logged object (the admin token, any
 * Authorization header), so a config or request dump cannot leak them.
 */
export const kRedactPaths = [
  'adminToken',
  '*.adminToken',
  '*.*.adminToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
];

export function createHostLogger(level: LevelWithSilent, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { actor: 'host', pid: process.pid },
    redact: { paths: kRedactPaths, censor: '[redacted]' },
  };
  return destination === undefined ? pino(options) : pino(options, destination);
}
