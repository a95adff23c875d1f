/**
 * A host process that runs the chaos app embedded (as a web server would): it must stay up whatever Kafka
 * does. SIGTERM stops the app and exits 0. Prints `EMBEDDED started` once `start()` resolved, and
 * `EMBEDDED start failed: ...` (then keeps running) when it rejected.
 */
import { Embedded } from 'karafka-ts';
import app from './chaos-app.config.js';

const embedded = new Embedded(app);
// Keeps the host alive whatever the app does, as a web server's listening socket would.
const keepAlive = setInterval(() => undefined, 60_000);

process.on('SIGTERM', () => {
  embedded.stop().then(
    () => {
      clearInterval(keepAlive);
      process.exitCode = 0;
    },
    (error: unknown) => {
      console.error('EMBEDDED stop failed:', error);
      process.exit(1);
    },
  );
});

embedded.start().then(
  () => console.log('EMBEDDED started'),
  (error: unknown) => console.error('EMBEDDED start failed:', error),
);
