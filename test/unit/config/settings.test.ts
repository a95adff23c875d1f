import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { ConfigurationError } from '../../../src/config/config-error.js';
import { parseSettings } from '../../../src/config/settings.js';

function errorOf(input: unknown): string {
  try {
    parseSettings(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigurationError);
    return (error as Error).message;
  }
  throw new Error('expected the settings to be rejected');
}

describe('settings', () => {
  it('applies the documented defaults', () => {
    const settings = parseSettings({});
    expect(settings).toMatchObject({
      clientId: 'karafka',
      kafka: { 'bootstrap.servers': '127.0.0.1:9092' },
      concurrency: 5,
      maxMessages: 100,
      maxWaitTime: 1000,
      shutdownTimeout: 60_000,
      pause: { timeout: 1000, maxTimeout: 30_000, withExponentialBackoff: true },
      logLevel: 'info',
      criticalErrors: [],
    });
  });

  it('names an unknown key and lists the allowed ones', () => {
    expect(errorOf({ concurency: 5 })).toMatch(
      /unknown setting 'concurency' \(did you mean 'concurrency'\?\); allowed: clientId, groupId, kafka, concurrency/,
    );
  });

  it('names an unknown key inside pause', () => {
    expect(errorOf({ pause: { tmeout: 5 } })).toContain(
      "unknown setting 'pause.tmeout' (did you mean 'pause.timeout'?); allowed: timeout, maxTimeout, withExponentialBackoff",
    );
  });

  it.each([
    [{ concurrency: 0 }, "setting 'concurrency': got 0; must be an integer from 1 to 10000"],
    [{ concurrency: 2.5 }, "setting 'concurrency': got 2.5; must be an integer from 1 to 10000"],
    [{ maxMessages: '10' }, `setting 'maxMessages': got "10"; must be an integer from 1 to 100000`],
    [{ maxWaitTime: -1 }, "setting 'maxWaitTime': got -1; must be an integer from 1 to 600000"],
    [{ shutdownTimeout: 0 }, "setting 'shutdownTimeout': got 0; must be an integer from 1 to 86400000"],
    [{ clientId: '' }, `setting 'clientId': got ""; must be a non-empty string`],
    [
      { logLevel: 'loud' },
      `setting 'logLevel': got "loud"; must be one of fatal, error, warn, info, debug, trace, silent`,
    ],
    [
      { logger: 'console' },
      `setting 'logger': got "console"; must be a logger object with error, warn, info and debug methods`,
    ],
    [
      { pause: { withExponentialBackoff: 'yes' } },
      `setting 'pause.withExponentialBackoff': got "yes"; must be true or false`,
    ],
    [{ criticalErrors: ['Error'] }, `setting 'criticalErrors.0': got "Error"; must be a list of error classes`],
  ])('rejects %j naming the key, the value and what is allowed', (input, message) => {
    expect(errorOf(input)).toContain(message);
  });

  it('requires maxTimeout >= timeout', () => {
    expect(errorOf({ pause: { timeout: 100, maxTimeout: 50 } })).toContain(
      "setting 'pause.maxTimeout': got 50; must be greater than or equal to pause.timeout",
    );
  });

  it('requires shutdownTimeout > maxWaitTime', () => {
    expect(errorOf({ shutdownTimeout: 500, maxWaitTime: 1000 })).toContain(
      "setting 'shutdownTimeout': got 500; must be greater than maxWaitTime",
    );
  });

  it('rejects kafka values that are not strings, numbers or booleans', () => {
    expect(errorOf({ kafka: { 'socket.timeout.ms': { ms: 1 } } })).toContain(
      `setting 'kafka.socket.timeout.ms': got {"ms":1}; must be a string, a number or a boolean`,
    );
  });

  it.each(['group.id', 'enable.auto.offset.store'])('refuses the framework-owned kafka key %s', (key) => {
    expect(errorOf({ kafka: { [key]: 'x' } })).toContain(`setting 'kafka.${key}': got "x"; cannot be set`);
  });

  it('lists every problem at once', () => {
    const message = errorOf({ concurrency: 0, maxMessages: 0 });
    expect(message).toContain("'concurrency'");
    expect(message).toContain("'maxMessages'");
  });

  it('fails when the app is built with bad settings', () => {
    expect(() => new App({ concurrency: -1 }, { logLifecycle: false })).toThrow(ConfigurationError);
  });
});
