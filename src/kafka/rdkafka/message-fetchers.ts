/**
 * The two ways a consumer driver takes messages from its librdkafka handle (see `consume-path.ts`). Both wait
 * up to the timeout for the first message, then take messages while the next one is ready within 1 ms, and
 * return errors instead of throwing them: the driver decides which ones fail a poll.
 */
import type { RdKafka } from '@karafka-ts/kafka-native';
import type { FetchedRun, KafkaMessage, TopicPartitionOffset } from '../types.js';
import type { ConsumePath } from './consume-path.js';
import { fromLibraryMessage } from './messages.js';
import { packedRuns } from './packed-messages.js';

/** What one fetch brought. */
export interface FetchedMessages {
  readonly messages: readonly KafkaMessage[];
  /** The same messages per partition, kept packed (packed path only). */
  readonly runs?: readonly FetchedRun[];
  /** Partitions at their end (with `enable.partition.eof`). */
  readonly eofs: readonly TopicPartitionOffset[];
  /** Errors of the client or of partitions, as the library reported them. */
  readonly errors: readonly unknown[];
}

/** Takes messages from one client; at most one fetch at a time. */
export interface MessageFetcher {
  readonly path: ConsumePath;
  fetch(maxMessages: number, timeoutMs: number): Promise<FetchedMessages>;
}

const NOTHING: readonly KafkaMessage[] = Object.freeze([]);

/** The binding's `consume(n)`: one object per message from native code, end-of-partition as events. */
class PlainFetcher implements MessageFetcher {
  readonly path = 'plain';
  readonly #client: RdKafka.KafkaConsumer;
  #eofs: TopicPartitionOffset[] = [];

  constructor(client: RdKafka.KafkaConsumer) {
    this.#client = client;
    client.setDefaultIsTimeoutOnlyForFirstMessage(true);
    client.on('partition.eof', (eof: RdKafka.EofEvent) => {
      this.#eofs.push({ topic: eof.topic, partition: eof.partition, offset: eof.offset });
    });
  }

  fetch(maxMessages: number, timeoutMs: number): Promise<FetchedMessages> {
    return new Promise<FetchedMessages>((resolve) => {
      this.#client.setDefaultConsumeTimeout(timeoutMs);
      this.#client.consume(maxMessages, (error, messages) => {
        const eofs = this.#eofs;
        this.#eofs = [];
        if (error) resolve({ messages: NOTHING, eofs, errors: [error] });
        else resolve({ messages: messages.map(fromLibraryMessage), eofs, errors: [] });
      });
    });
  }
}

/** The fork's `consumePacked`: a whole batch in one native call, messages read lazily from one buffer. */
class PackedFetcher implements MessageFetcher {
  readonly path = 'packed';
  readonly #client: RdKafka.KafkaConsumer;

  constructor(client: RdKafka.KafkaConsumer) {
    this.#client = client;
  }

  fetch(maxMessages: number, timeoutMs: number): Promise<FetchedMessages> {
    return new Promise<FetchedMessages>((resolve) => {
      this.#client.consumePacked(maxMessages, timeoutMs, (error, batch) => {
        if (error) resolve({ messages: NOTHING, eofs: [], errors: [error] });
        else resolve(packedFetch(packedRuns(batch), batch.eofs, batch.errors));
      });
    });
  }
}

/** What a packed fetch brought: its runs, and messages made from them only if someone reads `messages`. */
function packedFetch(
  runs: readonly FetchedRun[],
  eofs: readonly TopicPartitionOffset[],
  errors: readonly unknown[],
): FetchedMessages {
  let messages: readonly KafkaMessage[] | undefined;
  return {
    runs,
    eofs,
    errors,
    get messages(): readonly KafkaMessage[] {
      messages ??= runs.flatMap((run) => run.slice(0, run.length));
      return messages;
    },
  };
}

/** A fetcher of `client` on the given path. */
export function messageFetcher(client: RdKafka.KafkaConsumer, path: ConsumePath): MessageFetcher {
  return path === 'packed' ? new PackedFetcher(client) : new PlainFetcher(client);
}
