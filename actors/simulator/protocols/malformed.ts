import type { SimProtocol } from './protocol.js';

/**
 * Kinds of bad frame the simulator can inject, from "not even JSON" to
 * "valid JSON that lies". An exchange actor must count and dead-letter every
 * one of them without crashing (DESIGN.md §5).
 */
export const kMalformedKinds = ['truncated', 'garbage', 'wrong-shape', 'bad-number', 'unknown-symbol', 'binary'] as const;
export type MalformedKind = (typeof kMalformedKinds)[number];

export interface MalformedFrame {
  readonly kind: MalformedKind;
  readonly data: string | Uint8Array;
  readonly binary: boolean;
}

/**
 * Builds one bad frame. `validFrame` is a real data frame of `symbol` that the
 * truncated and bad-number kinds are cut from.
 */
export function buildMalformedFrame(protocol: SimProtocol, kind: MalformedKind, validFrame: string, symbol: number, timeMs: number): MalformedFrame {
  switch (kind) {
    case 'truncated':
      return text(kind, validFrame.slice(0, Math.max(1, validFrame.length >> 1)));
    case 'garbage':
      return text(kind, '\u0000\u00ff<html>502 Bad Gateway</html>');
    case 'wrong-shape':
      return text(kind, protocol.wrongShapeFrame(symbol));
    case 'bad-number':
      // The first decimal string (a price or size) becomes non-numeric.
      return text(kind, validFrame.replace(/"\d+\.\d+"/, '"not-a-number"'));
    case 'unknown-symbol':
      return text(kind, protocol.unknownSymbolFrame(timeMs));
    case 'binary':
      return { kind, data: Uint8Array.of(0x81, 0xfe, 0x00, 0x13, 0x37, 0xc0, 0xff, 0xee), binary: true };
  }
}

function text(kind: MalformedKind, data: string): MalformedFrame {
  return { kind, data, binary: false };
}
