/** Consumers whose payload type does not take what a 'string' route gives (text or null): must not compile. */
import { App, BaseConsumer, MessageConsumer } from 'karafka-ts';

interface Order {
  readonly id: string;
}

class OrdersConsumer extends BaseConsumer<Order> {
  consume(): void {}
}

/** Tombstones give null: a consumer of `string` alone does not take them. */
class TextOnlyConsumer extends MessageConsumer<string> {
  consumeMessage(): void {}
}

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Type 'string | null' is not assignable to type 'Order'
  r.topic('orders', { consumer: OrdersConsumer, deserializer: 'string' });
  // @ts-expect-error Type 'null' is not assignable to type 'string'
  r.topic('texts', { consumer: TextOnlyConsumer, deserializer: 'string' });
});
