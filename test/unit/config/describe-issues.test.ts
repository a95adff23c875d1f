import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { closestName, editDistance } from '../../../src/config/closest-name.js';

function settingsError(input: unknown): string {
  try {
    new App(input as never, { logLifecycle: false });
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the settings to be rejected');
}

describe('unknown settings suggest the closest known one', () => {
  it('asks "did you mean" for a misspelt setting, before listing the allowed ones', () => {
    expect(settingsError({ concurency: 5 })).toContain(
      "unknown setting 'concurency' (did you mean 'concurrency'?); allowed: clientId, groupId, kafka, concurrency,",
    );
    expect(settingsError({ maxMessage: 5 })).toContain("unknown setting 'maxMessage' (did you mean 'maxMessages'?)");
    expect(settingsError({ ClientID: 'x' })).toContain("unknown setting 'ClientID' (did you mean 'clientId'?)");
    expect(settingsError({ shutdownTimout: 5 })).toContain("(did you mean 'shutdownTimeout'?)");
  });

  it('suggests nested keys with their path', () => {
    expect(settingsError({ pause: { tmeout: 5 } })).toContain(
      "unknown setting 'pause.tmeout' (did you mean 'pause.timeout'?); allowed: timeout, maxTimeout",
    );
  });

  it('asks nothing when no setting is close', () => {
    const message = settingsError({ bootstrapServers: 'x' });
    expect(message).toContain("unknown setting 'bootstrapServers'; allowed: clientId");
    expect(message).not.toContain('did you mean');
  });
});

describe('closestName', () => {
  it('counts a swap of neighbouring letters as one edit and ignores case', () => {
    expect(editDistance('concurrnecy', 'concurrency')).toBe(1);
    expect(editDistance('LOGLEVEL', 'logLevel')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('allows one edit per three characters, at least one', () => {
    expect(closestName('grupId', ['clientId', 'groupId'])).toBe('groupId');
    expect(closestName('ab', ['abc'])).toBe('abc');
    expect(closestName('xy', ['abc'])).toBeUndefined();
    expect(closestName('swarmNodes', ['swarm', 'concurrency'])).toBeUndefined();
  });

  it('prefers the nearest name, then the earlier one', () => {
    expect(closestName('maxWait', ['maxWaitTime', 'maxWai'])).toBe('maxWai');
    expect(closestName('ab', ['ac', 'bb'])).toBe('ac');
  });
});
