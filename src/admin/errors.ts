/**
 * Errors the admin API throws for conditions it checks itself; errors from Kafka are `KafkaDriverError`s.
 */

/** A consumer group operation needs a group without members, and this one has some. */
export class ConsumerGroupActiveError extends Error {
  /** The group. */
  readonly group: string;
  /** Number of members when checked. */
  readonly members: number;

  /** @param group the group; @param members how many members it has; @param action what was attempted */
  constructor(group: string, members: number, action: string) {
    super(
      `Cannot ${action} consumer group '${group}': it has ${String(members)} active member(s). ` +
        'Stop its consumers first (a running member would overwrite or keep using the offsets).',
    );
    this.name = 'ConsumerGroupActiveError';
    this.group = group;
    this.members = members;
  }
}

/** The topic does not exist. */
export class TopicNotFoundError extends Error {
  /** The topic. */
  readonly topic: string;

  /** @param topic the topic that was not found */
  constructor(topic: string) {
    super(`Topic '${topic}' does not exist`);
    this.name = 'TopicNotFoundError';
    this.topic = topic;
  }
}

/** An argument of an admin call is invalid; the message names it and what is allowed. */
export class AdminArgumentError extends Error {
  /** @param message which argument and what is allowed */
  constructor(message: string) {
    super(message);
    this.name = 'AdminArgumentError';
  }
}
