/** A consumer the framework cannot build (its constructor takes arguments): must not compile. */
import { App, BaseConsumer } from 'karafka-ts';

class NeedsDatabaseConsumer extends BaseConsumer {
  constructor(readonly database: string) {
    super();
  }

  consume(): void {}
}

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Target signature provides too few arguments. Expected 1 or more, but got 0
  r.topic('orders', { consumer: NeedsDatabaseConsumer });
});
