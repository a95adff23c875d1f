import { afterEach, describe, expect, it, vi } from 'vitest';
import { App } from '../../../src/app/app.js';
import { bindLogger } from '../../../src/instrumentation/bound-logger.js';
import {
  type Logger,
  createLogger,
  effectiveLogFormat,
  effectiveLogLevel,
  isPretty,
} from '../../../src/instrumentation/logger.js';
import { prettyDestination } from '../../../src/instrumentation/pretty-destination.js';
import { KafkaDriverError } from '../../../src/kafka/driver-error.js';
import { repeatedKeys } from '../../support/json-keys.js';

/** The built-in logger at debug, writing JSON lines into an array. */
function memoryLogger(): { logger: Logger; raw: string[]; lines: () => Record<string, unknown>[] } {
  const raw: string[] = [];
  const logger = createLogger('shop', 'debug', 'json', {
    write: (text: string) => raw.push(...text.split('\n').filter((line) => line !== '')),
  });
  return { logger, raw, lines: () => raw.map((line) => JSON.parse(line) as Record<string, unknown>) };
}

// eslint-disable-next-line no-control-regex
const withoutColours = (text: string): string => text.replace(/\u001b\[[0-9;]*m/g, '');

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('built-in logger', () => {
  it('takes its level from KARAFKA_LOG_LEVEL over the logLevel setting, and names a bad value', () => {
    expect(effectiveLogLevel('info', {})).toBe('info');
    expect(effectiveLogLevel('info', { KARAFKA_LOG_LEVEL: '' })).toBe('info');
    expect(effectiveLogLevel('info', { KARAFKA_LOG_LEVEL: 'DEBUG' })).toBe('debug');
    expect(effectiveLogLevel('debug', { KARAFKA_LOG_LEVEL: 'silent' })).toBe('silent');
    expect(() => effectiveLogLevel('info', { KARAFKA_LOG_LEVEL: 'verbose' })).toThrow(
      "KARAFKA_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent; got 'verbose'",
    );
  });

  it('takes its format from KARAFKA_LOG_FORMAT over the logFormat setting: pretty on a terminal when auto', () => {
    expect(effectiveLogFormat('auto', { KARAFKA_LOG_FORMAT: 'json' })).toBe('json');
    expect(effectiveLogFormat('json', {})).toBe('json');
    expect(() => effectiveLogFormat('auto', { KARAFKA_LOG_FORMAT: 'colour' })).toThrow(
      "KARAFKA_LOG_FORMAT must be one of auto, json, pretty; got 'colour'",
    );
    expect(isPretty('auto', true)).toBe(true);
    expect(isPretty('auto', false)).toBe(false);
    expect(isPretty('json', true)).toBe(false);
    expect(isPretty('pretty', false)).toBe(true);
  });

  it("an app's built-in logger follows KARAFKA_LOG_LEVEL; a logger of the user's is left alone", () => {
    vi.stubEnv('KARAFKA_LOG_LEVEL', 'error');
    vi.stubEnv('KARAFKA_LOG_FORMAT', 'json');
    const app = new App({ logLevel: 'debug' }, { logLifecycle: false });
    expect((app.logger as Logger & { level: string }).level).toBe('error');
    const own: Logger = {
      error: () => undefined,
      warn: () => undefined,
      info: () => undefined,
      debug: () => undefined,
    };
    expect(new App({ logger: own }, { logLifecycle: false }).logger).toBe(own);
  });

  it('writes an error under err with its class, message, code, stack and cause', () => {
    const { logger, lines } = memoryLogger();
    const error = new KafkaDriverError('Local: Broker transport failure', -195, {
      cause: new RangeError('socket closed'),
    });
    logger.error({ err: error }, 'failed');
    logger.error({ err: { reason: 'an object thrown' } }, 'failed');
    const [driver, plain] = lines();
    expect(driver!.err).toMatchObject({
      type: 'KafkaDriverError',
      message: 'Local: Broker transport failure',
      code: -195,
      fatal: false,
      cause: { type: 'RangeError', message: 'socket closed' },
    });
    expect((driver!.err as { stack: string }).stack).toContain('KafkaDriverError: Local: Broker transport failure');
    expect(plain!.err).toEqual({ type: 'Object', message: '{"reason":"an object thrown"}' });
  });

  it('pretty output shows the message of framework lines, the error of error lines and your own fields', () => {
    const out: string[] = [];
    const logger = createLogger('shop', 'info', 'pretty', { write: (text: string) => out.push(text) });
    logger.info({ event: 'consumer.consumed', topic: 'orders', partition: 0, durationMs: 1.5 }, 'Consumed 1 message');
    logger.error(
      { event: 'error.occurred', type: 'consumer.consume.error', topic: 'orders', err: new TypeError('bad payload') },
      'consumer.consume.error on orders/0: bad payload',
    );
    logger.info({ orderId: 42 }, 'order shipped');
    logger.warn(
      { orderId: 43, err: new KafkaDriverError('Message timed out', -192, { cause: new Error('broker gone') }) },
      'order not sent',
    );
    const [consumed, failed, own, ownError] = out.map(withoutColours);
    expect(consumed).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO \(shop\/\d+\): Consumed 1 message\n$/);
    expect(failed).toMatch(/ERROR \(shop\/\d+\): consumer\.consume\.error on orders\/0: bad payload\n/);
    expect(failed).toContain('TypeError: bad payload');
    expect(failed).not.toContain('"topic"');
    expect(own).toMatch(/INFO \(shop\/\d+\): order shipped \{"orderId":42\}\n$/);
    expect(ownError).toMatch(
      /WARN \(shop\/\d+\): order not sent \{"orderId":43\}\n {4}KafkaDriverError: Message timed out\n/,
    );
    expect(ownError).toContain('    code: -192, retriable: false, fatal: false, txnRequiresAbort: false\n');
    expect(ownError).toMatch(/ {4}caused by:\n {6}Error: broker gone\n/);
  });

  it('pretty output passes a line that is not JSON through as it is', () => {
    const out: string[] = [];
    prettyDestination({ write: (text: string) => out.push(text) }).write('not json\n');
    expect(out).toEqual(['not json\n']);
  });
});

describe('a logger bound to a partition', () => {
  const partition = { consumerGroup: 'shop', topic: 'orders', partition: 3 };

  it("puts the partition's fields once on each line of a pino logger, even when the call passes them again", () => {
    const { logger, raw, lines } = memoryLogger();
    const bound = bindLogger(logger, partition);
    bound.info({ orderId: 1 }, 'first');
    bound.warn({ orderId: 2, topic: 'orders', partition: 3 }, 'second');
    bound.child!({ step: 'ship' }).info({ orderId: 3 }, 'third');
    for (const line of raw) expect(repeatedKeys(line)).toEqual([]);
    expect(
      lines().map(({ consumerGroup, topic, partition: p, orderId, step, msg }) => [
        consumerGroup,
        topic,
        p,
        orderId,
        step,
        msg,
      ]),
    ).toEqual([
      ['shop', 'orders', 3, 1, undefined, 'first'],
      ['shop', 'orders', 3, 2, undefined, 'second'],
      ['shop', 'orders', 3, 3, 'ship', 'third'],
    ]);
  });

  it('merges the fields into each call of a logger without child()', () => {
    const calls: [string, object, string | undefined][] = [];
    const plain: Logger = {
      error: (o, m) => calls.push(['error', o, m]),
      warn: (o, m) => calls.push(['warn', o, m]),
      info: (o, m) => calls.push(['info', o, m]),
      debug: (o, m) => calls.push(['debug', o, m]),
    };
    const bound = bindLogger(plain, partition);
    bound.info({ orderId: 1 }, 'shipped');
    bound.error({ err: new Error('boom') }, 'failed');
    expect(calls[0]).toEqual(['info', { orderId: 1, ...partition }, 'shipped']);
    expect(calls[1]![0]).toBe('error');
    expect(calls[1]![1]).toMatchObject(partition);
  });

  it('accepts a message or an error as the only argument, as pino does', () => {
    const { logger, lines } = memoryLogger();
    const bound = bindLogger(logger, partition) as unknown as {
      info(message: string): void;
      error(error: Error): void;
    };
    bound.info('just text');
    bound.error(new Error('went wrong'));
    const [textLine, errorLine] = lines();
    expect(textLine).toMatchObject({ ...partition, msg: 'just text' });
    expect(errorLine).toMatchObject({ ...partition, msg: 'went wrong', err: { type: 'Error', message: 'went wrong' } });
  });
});
