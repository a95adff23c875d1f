/** A zod schema whose output is not the consumer's payload type: must not compile. */
import { z } from 'zod';
import { App, type Message, MessageConsumer } from 'karafka-ts';

const Order = z.object({ id: z.string(), total: z.number() });

interface Invoice {
  readonly number: number;
}

class InvoicesConsumer extends MessageConsumer<Invoice> {
  consumeMessage(_message: Message<Invoice>): void {}
}

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Property 'number' is missing in type '{ id: string; total: number; }' but required in type 'Invoice'
  r.topic('orders', { consumer: InvoicesConsumer, schema: Order });
});
