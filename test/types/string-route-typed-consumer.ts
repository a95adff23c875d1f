/** A consumer of orders on a route whose deserializer gives text: must not compile. */
import { App, BaseConsumer } from 'karafka-ts';

interface Order {
  readonly id: string;
}

class OrdersConsumer extends BaseConsumer<Order> {
  consume(): void {}
}

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Type 'string | null' is not assignable to type 'Order'
  r.topic('orders', { consumer: OrdersConsumer, deserializer: 'string' });
});
