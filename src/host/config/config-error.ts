/**
 * A config that cannot be used. The message is one line per problem, each
 * naming where it came from (file or env var), the key, the value and what is
 * allowed:
 *
 *   config/bad.yaml: shards.count: 0 is not allowed (an integer from 1 to 64)
 *   config/bad.yaml: exchanges.kraken: unknown key (allowed: binance, bybit, okx)
 *   RINGMASTER_HTTP_PORT: "abc" is not allowed (an integer from 0 to 65535)
 *   config/bad.yaml:3:7: YAML syntax error: ...
 *
 * The CLI prints the message as it is (no stack trace) and exits 78.
 */
export interface ConfigIssue {
  /** File path as given, env var name, or '' when the problem is not in one place (a default). */
  readonly source: string;
  /** Key path such as `shards.count` or `symbols[2]`; '' for a whole-file problem. */
  readonly path: string;
  /** The full line, source and path included. */
  readonly line: string;
}

export class ConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(issues.map((issue) => issue.line).join('\n'));
    this.name = 'ConfigError';
    this.issues = issues;
  }
}

export function configIssue(source: string, path: string, text: string): ConfigIssue {
  const where = [source, path].filter((part) => part !== '').join(': ');
  return { source, path, line: where === '' ? text : `${where}: ${text}` };
}

export function isConfigError(err: unknown): err is ConfigError {
  return err instanceof ConfigError;
}
