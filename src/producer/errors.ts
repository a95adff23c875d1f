/**
 * Errors the producer throws for caller mistakes (invalid messages, wrong use); errors from Kafka itself are
 * `KafkaDriverError`s.
 */

/** A message failed validation; `field` names the offending field (`topic`, `payload`, `headers.x`, ...). */
export class MessageValidationError extends Error {
  /** The field that failed (`message` when the message itself is not an object). */
  readonly field: string;

  /** @param field the offending field; @param message what is wrong with it */
  constructor(field: string, message: string) {
    super(message);
    this.name = 'MessageValidationError';
    this.field = field;
  }
}

/** Produce (or a transaction) was asked of a producer that is closing or closed. */
export class ProducerClosedError extends Error {
  /** @param producerId the producer's id; @param action what was attempted */
  constructor(producerId: string, action: string) {
    super(`Producer ${producerId} is closed: cannot ${action}`);
    this.name = 'ProducerClosedError';
  }
}

/** `transaction()` was called on a producer whose `kafka` settings have no `transactional.id`. */
export class TransactionalIdMissingError extends Error {
  /** @param producerId the producer's id */
  constructor(producerId: string) {
    super(
      `Producer ${producerId} is not transactional: set kafka 'transactional.id' (unique per producer instance) ` +
        'to use transaction()',
    );
    this.name = 'TransactionalIdMissingError';
  }
}

/** A transaction object was used after its transaction ended. */
export class TransactionFinishedError extends Error {
  /** @param transactionalId the producer's transactional id */
  constructor(transactionalId: string) {
    super(`The transaction of ${transactionalId} has already ended: produce inside the transaction() callback`);
    this.name = 'TransactionFinishedError';
  }
}

/** Some messages of a `produceManySync` batch were not delivered. */
export class ProduceManyError extends Error {
  /** Index in the batch and reason of every message that failed. */
  readonly failures: readonly { readonly index: number; readonly error: unknown }[];

  /** @param total batch size; @param failures the messages that failed */
  constructor(total: number, failures: readonly { readonly index: number; readonly error: unknown }[]) {
    const first = failures[0]?.error;
    const reason = first instanceof Error ? first.message : String(first);
    super(`${String(failures.length)} of ${String(total)} messages were not delivered (first: ${reason})`);
    this.name = 'ProduceManyError';
    this.failures = failures;
  }
}
