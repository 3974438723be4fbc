/**
 * Stable numeric ids of the exchanges, as stored in records and on disk.
 * Append only: an id, once recorded, must keep its meaning.
 */
export const ExchangeId = {
  binance: 1,
  bybit: 2,
  okx: 3,
} as const;

export type ExchangeName = keyof typeof ExchangeId;

export const kExchangeNames = Object.keys(ExchangeId) as ExchangeName[];

const namesById = new Map<number, ExchangeName>(kExchangeNames.map((n) => [ExchangeId[n], n]));

export function exchangeName(id: number): ExchangeName | undefined {
  return namesById.get(id);
}

export function isExchangeName(s: string): s is ExchangeName {
  return Object.hasOwn(ExchangeId, s);
}
