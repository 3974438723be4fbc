import type { ExchangeFeed } from './exchange-feed.js';

/** One connection's share of the configured symbols and what to send after it opens. */
export interface ConnectionPlan {
  readonly url: string;
  readonly symbolIds: readonly number[];
  readonly topics: readonly string[];
  /** Subscribe requests in send order, each within `maxTopicsPerSubscribe`. */
  readonly subscribeMessages: readonly string[];
}

/**
 * Splits the symbols over as few connections as the feed's limits allow and
 * chunks each connection's subscribe requests. Request ids count up from
 * `firstRequestId` across the whole plan, so acks can be matched. Pacing the
 * sends (`maxOutgoingMessagesPerSecond`) is the actor's job.
 */
export function planConnections(
  feed: ExchangeFeed,
  symbolIds: readonly number[],
  baseUrl: string = feed.defaultUrl,
  firstRequestId = 1,
): ConnectionPlan[] {
  const { maxTopicsPerConnection, maxTopicsPerSubscribe } = feed.limits;
  const plans: ConnectionPlan[] = [];
  let requestId = firstRequestId;
  for (let start = 0; start < symbolIds.length; start += maxTopicsPerConnection) {
    const ids = symbolIds.slice(start, start + maxTopicsPerConnection);
    const topics = ids.map((id) => feed.topicOf(id));
    const subscribeMessages: string[] = [];
    for (let i = 0; i < topics.length; i += maxTopicsPerSubscribe) {
      subscribeMessages.push(feed.subscribeMessage(topics.slice(i, i + maxTopicsPerSubscribe), requestId++));
    }
    plans.push({ url: feed.connectUrl(baseUrl), symbolIds: ids, topics, subscribeMessages });
  }
  return plans;
}
