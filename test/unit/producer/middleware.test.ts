import { describe, expect, it } from 'vitest';
import { MessageValidationError } from '../../../src/producer/errors.js';
import { Middleware } from '../../../src/producer/middleware.js';
import type { ProducerMessage } from '../../../src/producer/types.js';

const message: ProducerMessage = { topic: 't', payload: 'x' };

describe('producer middleware', () => {
  it('runs every step in order, each on the previous step result', () => {
    const chain = new Middleware([
      (m) => ({ ...m, payload: `${String(m.payload)}1` }),
      (m) => ({ ...m, payload: `${String(m.payload)}2` }),
    ]);
    chain.append((m) => ({ ...m, headers: { seen: String(m.payload) } }));
    chain.prepend((m) => ({ ...m, payload: `${String(m.payload)}0` }));
    expect(chain.size).toBe(4);
    expect(chain.run(message)).toEqual({ topic: 't', payload: 'x012', headers: { seen: 'x012' } });
  });

  it('rejects a message by letting a step throw', () => {
    const chain = new Middleware([
      (m) => {
        if (m.topic === 't') throw new Error('no messages to t');
        return m;
      },
    ]);
    expect(() => chain.run(message)).toThrow('no messages to t');
  });

  it('fails clearly when a step forgets to return the message', () => {
    const chain = new Middleware([(m) => m, (() => undefined) as unknown as (m: ProducerMessage) => ProducerMessage]);
    expect(() => chain.run(message)).toThrow(MessageValidationError);
    expect(() => chain.run(message)).toThrow(/middleware #2 returned undefined/);
  });

  it('passes a message through unchanged when there are no steps', () => {
    expect(new Middleware().run(message)).toBe(message);
  });
});
