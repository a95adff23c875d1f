import { BaseConsumer } from 'karafka-ts';

/** The payloads `produce.ts` writes. */
interface Greeting {
  readonly greeting: string;
  readonly n: number;
}

let seen = 0;

/** Prints every greeting. For the demo, stops the server after HELLO_STOP_AFTER messages (if set). */
export class HelloConsumer extends BaseConsumer<Greeting> {
  consume(): void {
    for (const message of this.messages) {
      const { greeting, n } = message.payload;
      console.log(
        `consumed ${message.topic}/${String(message.partition)}@${String(message.offset)}: ${greeting} #${String(n)}`,
      );
    }
    seen += this.messages.length;
    const stopAfter = Number(process.env.HELLO_STOP_AFTER ?? 0);
    if (stopAfter > 0 && seen >= stopAfter) {
      console.log(`Seen ${String(seen)} messages: stopping (as any signal would) to end the demo.`);
      process.kill(process.pid, 'SIGTERM');
    }
  }
}
