/**
 * The quick-start app: one topic, one consumer. Run it with `npx karafka server` in this folder
 * (`npm run example` from the repository root produces a few messages first, then runs it).
 */
import { App } from 'karafka-ts';
import { HelloConsumer } from './consumers/hello-consumer.js';

const app = new App({
  clientId: 'karafka-ts-hello',
  kafka: { 'bootstrap.servers': process.env.KAFKA_BOOTSTRAP ?? `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}` },
  logLevel: 'warn',
});

app.routes.draw((routes) => {
  routes.topic('karafka-ts-hello', { consumer: HelloConsumer, config: { partitions: 2 } });
});

export default app;
