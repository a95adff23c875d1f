import { Command, CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  type ProduceFlags,
  collectHeader,
  parsePartition,
  parsePayloadFormat,
  payloadFormatFor,
  produceMessage,
} from '../../../src/cli/produce/message-arguments.js';

/** Parses `args` as `karafka produce` does and returns the options, or the error commander reports. */
function parse(args: string[]): ProduceFlags | string {
  let output = '';
  const command = new Command('produce')
    .exitOverride()
    .configureOutput({ writeErr: (text) => (output += text) })
    .argument('<topic>')
    .argument('<payload>')
    .option('-k, --key <key>')
    .option('-H, --header <name=value>', '', collectHeader)
    .option('-p, --partition <number>', '', parsePartition)
    .option('--format <format>', '', parsePayloadFormat, 'json');
  try {
    command.parse(args, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return output.trim();
    throw error;
  }
  return command.opts<ProduceFlags>();
}

describe('karafka produce arguments', () => {
  it('builds the message from topic, payload, key, headers and partition', () => {
    const flags = parse([
      'orders',
      '{"id":1}',
      '-k',
      'customer-7',
      '-H',
      'trace=abc',
      '-H',
      'tag=a=b',
      '-H',
      'tag=c',
      '-p',
      '2',
    ]);
    expect(typeof flags).toBe('object');
    expect(produceMessage('orders', '{"id":1}', flags as ProduceFlags)).toEqual({
      topic: 'orders',
      payload: '{"id":1}',
      key: 'customer-7',
      partition: 2,
      headers: { trace: 'abc', tag: ['a=b', 'c'] },
    });
  });

  it('sends only what was given', () => {
    expect(produceMessage('orders', '"hi"', { format: 'json' })).toEqual({ topic: 'orders', payload: '"hi"' });
  });

  it('refuses a payload that is not JSON unless --format string, saying how', () => {
    expect(() => produceMessage('orders', 'hello', { format: 'json' })).toThrow(
      /^The payload is not valid JSON \(.*\), and routes deserialize payloads as JSON unless they say otherwise\. .*--format string/,
    );
    expect(produceMessage('orders', 'hello', { format: 'string' }).payload).toBe('hello');
  });

  it('checks JSON unless told otherwise or every route of the topic reads something else', () => {
    expect(payloadFormatFor(undefined, [])).toBe('json');
    expect(payloadFormatFor(undefined, ['json'])).toBe('json');
    expect(payloadFormatFor(undefined, ['string', 'json'])).toBe('json');
    expect(payloadFormatFor(undefined, ['string'])).toBe('string');
    expect(payloadFormatFor(undefined, ['raw', 'custom'])).toBe('string');
    expect(payloadFormatFor('json', ['string'])).toBe('json');
    expect(payloadFormatFor('string', [])).toBe('string');
    expect(produceMessage('notes', 'plain', {}, payloadFormatFor(undefined, ['string'])).payload).toBe('plain');
  });

  it.each([
    [
      ['t', 'x', '-p', '-1'],
      "error: option '-p, --partition <number>' argument '-1' is invalid. takes a partition number (0, 1, ...), got '-1'",
    ],
    [['t', 'x', '-p', '1.5'], "argument '1.5' is invalid. takes a partition number (0, 1, ...), got '1.5'"],
    [
      ['t', 'x', '-H', 'novalue'],
      "argument 'novalue' is invalid. takes name=value (a non-empty name, then =), got 'novalue'",
    ],
    [['t', 'x', '-H', '=v'], "takes name=value (a non-empty name, then =), got '=v'"],
    [['t', 'x', '--format', 'avro'], "argument 'avro' is invalid. must be json or string, got 'avro'"],
    [['t'], "error: missing required argument 'payload'"],
  ])('rejects %j naming the argument', (args, message) => {
    expect(parse(args)).toContain(message);
  });
});
