/**
 * The error reported while subscribed topics do not exist: it names them and says how to create them.
 */

/** Subscribed topics that do not exist in the cluster. */
export class MissingTopicsError extends Error {
  /** The missing topics. */
  readonly topics: readonly string[];

  /**
   * @param topics the missing topics; @param consumerGroup their group
   * @param refreshMs how often the client looks for new topics (`topic.metadata.refresh.interval.ms`)
   */
  constructor(topics: readonly string[], consumerGroup: string, refreshMs: number) {
    const names = topics.map((t) => `'${t}'`).join(', ');
    const one = topics.length === 1;
    super(
      `Topic${one ? '' : 's'} ${names} ${one ? 'does' : 'do'} not exist (consumer group ${consumerGroup}): ` +
        `create ${one ? 'it' : 'them'} with \`npx karafka topics migrate\` (routed topics are declared; a route's ` +
        `\`config\` sets partitions and configs) or with your Kafka tools. Consumption starts on its own within ` +
        `${String(Math.ceil(refreshMs / 1000))} s of creation (topic.metadata.refresh.interval.ms).`,
    );
    this.name = 'MissingTopicsError';
    this.topics = topics;
  }
}
