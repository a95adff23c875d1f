import { describe, expect, it } from 'vitest';
import { Monitor } from '../../../src/instrumentation/monitor.js';
import { ProducerOptionsError, resolveProducerOptions } from '../../../src/producer/options.js';
import type { ProducerOptions } from '../../../src/producer/options.js';

const kafka = { 'bootstrap.servers': '127.0.0.1:9092' };

describe('producer options', () => {
  it('turns idempotence, acks=all and the Java-compatible partitioner on by default', () => {
    const resolved = resolveProducerOptions({ kafka });
    expect(resolved.kafka).toMatchObject({
      'enable.idempotence': true,
      acks: 'all',
      partitioner: 'murmur2_random',
      'message.max.bytes': 1_048_588,
      'bootstrap.servers': '127.0.0.1:9092',
    });
    expect(resolved.maxPayloadSize).toBe(1_000_012);
    expect(resolved.transactional).toBe(false);
    expect(resolved.monitor).toBeInstanceOf(Monitor);
    expect(resolved.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('lets kafka settings override the defaults, and detects transactional.id', () => {
    const resolved = resolveProducerOptions({ kafka: { ...kafka, acks: 1, 'enable.idempotence': false } });
    expect(resolved.kafka).toMatchObject({ acks: 1, 'enable.idempotence': false });
    expect(resolveProducerOptions({ kafka: { ...kafka, 'transactional.id': 'tx-1' } }).transactional).toBe(true);
  });

  it.each([
    [{ kafka: undefined }, 'kafka', /'kafka' must be an object of librdkafka properties \(got undefined\)/],
    [{ kafka: {} }, 'kafka.bootstrap.servers', /must set 'bootstrap.servers'/],
    [{ kafka: { ...kafka, 'linger.ms': { a: 1 } } }, 'kafka.linger.ms', /'kafka.linger.ms' must be a string/],
    [{ kafka, maxPayloadSize: -1 }, 'maxPayloadSize', /'maxPayloadSize' must be a positive integer \(got -1\)/],
    [{ kafka, closeTimeout: 1.5 }, 'closeTimeout', /'closeTimeout' must be a positive integer \(got 1.5\)/],
    [{ kafka, id: '' }, 'id', /'id' must be a non-empty string/],
    [{ kafka, monitor: {} }, 'monitor', /'monitor' must be a Monitor/],
    [{ kafka, middleware: [1] }, 'middleware', /'middleware' must be an array of functions/],
    [
      { kafka: { ...kafka, 'transactional.id': 'x', 'enable.idempotence': false } },
      'kafka.enable.idempotence',
      /cannot be false with a 'transactional.id'/,
    ],
  ])('rejects %j naming the option', (options, option, text) => {
    let error: unknown;
    try {
      resolveProducerOptions(options as unknown as ProducerOptions);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ProducerOptionsError);
    expect((error as ProducerOptionsError).option).toBe(option);
    expect((error as ProducerOptionsError).message).toMatch(text);
  });
});
