import type { Reply } from './reply.js';

/** What a route handler gets: everything read from the request synchronously (uWS forbids reading it after an await). */
export interface RequestContext {
  readonly method: string;
  readonly path: string;
  readonly pattern: string;
  readonly params: Readonly<Record<string, string>>;
  readonly authorization: string;
  /** From the header; null when absent or unreadable. */
  readonly contentLength: number | null;
  readonly reply: Reply;
}

export type RouteHandler = (ctx: RequestContext) => void | Promise<void>;

interface Route {
  readonly pattern: string;
  readonly segments: readonly string[];
  readonly handlers: Map<string, RouteHandler>;
}

export interface RouteMatch {
  readonly pattern: string;
  readonly params: Record<string, string>;
  readonly handlers: ReadonlyMap<string, RouteHandler>;
}

/**
 * Path patterns with `:name` segments, one handler per method. Matching by
 * path first, method second, is what lets the server tell 404 (no such
 * path) from 405 (the path exists; here is what it allows).
 */
export class RouteTable {
  private readonly routes: Route[] = [];

  add(method: 'get' | 'post', pattern: string, handler: RouteHandler): this {
    let route = this.routes.find((r) => r.pattern === pattern);
    if (route === undefined) {
      route = { pattern, segments: pattern.split('/'), handlers: new Map() };
      this.routes.push(route);
    }
    if (route.handlers.has(method)) throw new Error(`route ${method.toUpperCase()} ${pattern} is defined twice`);
    route.handlers.set(method, handler);
    return this;
  }

  match(path: string): RouteMatch | null {
    const parts = path.split('/');
    for (const route of this.routes) {
      const params = matchSegments(route.segments, parts);
      if (params !== null) return { pattern: route.pattern, params, handlers: route.handlers };
    }
    return null;
  }
}

function matchSegments(pattern: readonly string[], parts: readonly string[]): Record<string, string> | null {
  if (pattern.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i]!;
    const part = parts[i]!;
    if (p.startsWith(':')) {
      if (part === '') return null;
      try {
        params[p.slice(1)] = decodeURIComponent(part);
      } catch {
        return null; // malformed %-escape: no such path
      }
    } else if (p !== part) return null;
  }
  return params;
}
