/**
 * One produced message on its way to the broker: the handle `produceAsync` returns and the listener the
 * driver tells how the delivery ended. The end is reported (event or error) whether or not anyone waits, and
 * a promise is only made when `wait()` is called: a batch in flight costs one object per message.
 */
import type { KafkaDriverError } from '../kafka/driver-error.js';
import type { DeliveryListener } from '../kafka/producer-driver.js';
import type { DeliveryReport } from '../kafka/types.js';
import type { DeliveryHandle, MessageReport, ProducerMessage } from './types.js';

/** Where deliveries report their end (the producer's events). */
export interface DeliveryReporter {
  /** The broker acknowledged the message. */
  acknowledged(report: MessageReport): void;
  /** The message was not delivered. */
  failed(error: KafkaDriverError, message: ProducerMessage): void;
}

type Outcome = { readonly ok: true; readonly report: MessageReport } | { readonly ok: false; readonly error: Error };

const noop = (): void => undefined;

/** A message handed to the client, until the broker acknowledged it or its delivery failed. */
export class Delivery implements DeliveryHandle, DeliveryListener {
  /** The message as it was sent (after middleware). */
  readonly message: ProducerMessage;
  readonly #reporter: DeliveryReporter;
  #outcome: Outcome | undefined;
  #promise: Promise<MessageReport> | undefined;
  #settle: ((outcome: Outcome) => void) | undefined;

  /** @param message the message sent; @param reporter where the end is reported */
  constructor(message: ProducerMessage, reporter: DeliveryReporter) {
    this.message = message;
    this.#reporter = reporter;
  }

  /** The message's topic. */
  get topic(): string {
    return this.message.topic;
  }

  /** The message's `label`. */
  get label(): unknown {
    return this.message.label;
  }

  delivered(report: DeliveryReport): void {
    const result: MessageReport = this.label === undefined ? report : { ...report, label: this.label };
    this.#end({ ok: true, report: result });
    this.#reporter.acknowledged(result);
  }

  failed(error: KafkaDriverError): void {
    this.#end({ ok: false, error });
    this.#reporter.failed(error, this.message);
  }

  /** Resolves when the broker acknowledged the message; rejects when its delivery failed. */
  wait(): Promise<MessageReport> {
    if (this.#promise === undefined) {
      const outcome = this.#outcome;
      this.#promise =
        outcome === undefined
          ? new Promise<MessageReport>((resolve, reject) => {
              this.#settle = (end) => (end.ok ? resolve(end.report) : reject(end.error));
            })
          : outcome.ok
            ? Promise.resolve(outcome.report)
            : Promise.reject(outcome.error);
      // A failed delivery is reported as an event: an unawaited wait() must not crash the process.
      this.#promise.catch(noop);
    }
    return this.#promise;
  }

  #end(outcome: Outcome): void {
    if (this.#outcome !== undefined) return;
    this.#outcome = outcome;
    this.#settle?.(outcome);
    this.#settle = undefined;
  }
}
