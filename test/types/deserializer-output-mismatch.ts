/** A deserializer function whose return type is not the consumer's payload type: must not compile. */
import { App, BaseConsumer, type KafkaMessage } from 'karafka-ts';

class TextConsumer extends BaseConsumer<string> {
  consume(): void {}
}

const size = (message: KafkaMessage): number => message.size;

new App({ clientId: 'types' }).routes.draw((r) => {
  // @ts-expect-error Type 'number' is not assignable to type 'string'
  r.topic('sizes', { consumer: TextConsumer, deserializer: size });
});
