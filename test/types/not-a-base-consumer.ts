/** A class with consume() that does not extend BaseConsumer: must not compile. */
import { App } from 'karafka-ts';

class LookAlikeConsumer {
  consume(): void {}
}

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Property '[consumerStyle]' is missing in type 'typeof LookAlikeConsumer'
  r.topic('orders', { consumer: LookAlikeConsumer });
});
