/**
 * Routes that must compile: every payload type here fits what its route gives (checked by
 * test/unit/routing/route-types.test.ts, and by the project's typecheck).
 */
import { z } from 'zod';
import {
  App,
  BaseConsumer,
  type ConsumerClass,
  type KafkaMessage,
  type Message,
  MessageConsumer,
  type StandardSchemaV1,
} from 'karafka-ts';

const Order = z.object({ id: z.string(), total: z.number() });
type Order = z.output<typeof Order>;

/** JSON without a schema: the payload type is the consumer's claim, as before. */
class ClaimedOrdersConsumer extends BaseConsumer<Order> {
  consume(): void {}
}

/** A schema types the payload: the consumer takes its output. */
class CheckedOrdersConsumer extends MessageConsumer<Order> {
  consumeMessage(message: Message<Order>): void {
    void message.payload.total.toFixed(2);
  }
}

/** A consumer may take a wider type than the route gives. */
class AnythingConsumer extends BaseConsumer {
  consume(): void {}
}

class TextConsumer extends MessageConsumer<string | null> {
  consumeMessage(): void {}
}

class BytesConsumer extends BaseConsumer<Buffer | null> {
  consume(): void {}
}

interface Reading {
  readonly sensor: string;
  readonly value: number;
}

/** A deserializer function's return type flows to the consumer. */
const readReading = (message: KafkaMessage): Reading => {
  const [sensor = '', value = '0'] = (message.value?.toString() ?? '').split('=');
  return { sensor, value: Number(value) };
};

class ReadingsConsumer extends BaseConsumer<Reading> {
  consume(): void {}
}

/** Any Standard Schema library fits, not only zod: a hand-written one here. */
const positive: StandardSchemaV1<unknown, number> = {
  '~standard': {
    version: 1,
    vendor: 'hand-written',
    validate: (value) =>
      typeof value === 'number' && value > 0 ? { value } : { issues: [{ message: 'must be a positive number' }] },
  },
};

class PositiveConsumer extends MessageConsumer<number> {
  consumeMessage(): void {}
}

/** A zod schema after the string deserializer: its output is what the consumer sees. */
const Tag = z.string().transform((text) => text.length);

class TagLengthConsumer extends BaseConsumer<number> {
  consume(): void {}
}

/** A typed consumer still is a `BaseConsumer` (e.g. for helpers that take any consumer). */
export const consumers: BaseConsumer[] = [new ClaimedOrdersConsumer(), new CheckedOrdersConsumer()];

/** A class stored in a variable keeps its type. */
const routed: ConsumerClass<Order> = CheckedOrdersConsumer;

const app = new App({ clientId: 'types' });

app.routes.draw((r) => {
  r.defaults({ consumer: AnythingConsumer, maxMessages: 10 });
  r.topic('claimed', { consumer: ClaimedOrdersConsumer });
  r.topic('checked', { consumer: CheckedOrdersConsumer, schema: Order });
  r.topic('checked-too', { consumer: routed, schema: Order });
  r.topic('wide', { consumer: AnythingConsumer, deserializer: 'raw' });
  r.topic('text', { consumer: TextConsumer, deserializer: 'string' });
  r.topic('bytes', { consumer: BytesConsumer, deserializer: 'raw' });
  r.topic('readings', { consumer: ReadingsConsumer, deserializer: readReading });
  r.topic('positive', { consumer: PositiveConsumer, schema: positive });
  r.topic('tags', { consumer: TagLengthConsumer, deserializer: 'string', schema: Tag });
  r.topic('declared', { active: false });
  r.consumerGroup('analytics', (g) => {
    g.topic('checked', { consumer: CheckedOrdersConsumer, schema: Order });
    g.subscriptionGroup('heavy', (s) => s.topic('text', { consumer: TextConsumer, deserializer: 'string' }));
  });
});

export default app;
