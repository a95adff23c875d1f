import { describe, expect, it } from 'vitest';
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

describe('swarm settings', () => {
  it('defaults to 3 nodes, a 60 s report timeout, a 5 s restart delay and a 10 s liveness interval', () => {
    expect(parseSettings({}).swarm).toEqual({
      nodes: 3,
      nodeReportTimeout: 60_000,
      nodeRestartTimeout: 5_000,
      livenessInterval: 10_000,
    });
  });

  it('fills the keys a partial swarm block leaves out', () => {
    expect(parseSettings({ swarm: { nodes: 2 } }).swarm).toEqual({
      nodes: 2,
      nodeReportTimeout: 60_000,
      nodeRestartTimeout: 5_000,
      livenessInterval: 10_000,
    });
  });

  it('accepts a restart delay of 0 (restart at once)', () => {
    expect(parseSettings({ swarm: { nodeRestartTimeout: 0 } }).swarm.nodeRestartTimeout).toBe(0);
  });

  it('names an unknown key inside swarm and lists the allowed ones', () => {
    expect(errorOf({ swarm: { node: 2 } })).toContain(
      "unknown setting 'swarm.node' (did you mean 'swarm.nodes'?); allowed: nodes, nodeReportTimeout, nodeRestartTimeout, livenessInterval",
    );
  });

  it.each([
    [{ swarm: { nodes: 0 } }, "setting 'swarm.nodes': got 0; must be an integer from 1 to 1000"],
    [{ swarm: { nodes: 1.5 } }, "setting 'swarm.nodes': got 1.5; must be an integer from 1 to 1000"],
    [{ swarm: { nodes: '3' } }, `setting 'swarm.nodes': got "3"; must be an integer from 1 to 1000`],
    [
      { swarm: { nodeReportTimeout: 0 } },
      "setting 'swarm.nodeReportTimeout': got 0; must be an integer from 1 to 86400000",
    ],
    [
      { swarm: { nodeRestartTimeout: -1 } },
      "setting 'swarm.nodeRestartTimeout': got -1; must be an integer from 0 to 86400000",
    ],
    [
      { swarm: { livenessInterval: 0 } },
      "setting 'swarm.livenessInterval': got 0; must be an integer from 1 to 86400000",
    ],
    [{ swarm: 3 }, "setting 'swarm': got 3;"],
  ])('rejects %j naming the key, the value and what is allowed', (input, message) => {
    expect(errorOf(input)).toContain(message);
  });

  it('requires nodeReportTimeout > livenessInterval', () => {
    expect(errorOf({ swarm: { livenessInterval: 5_000, nodeReportTimeout: 5_000 } })).toContain(
      "setting 'swarm.nodeReportTimeout': got 5000; must be greater than swarm.livenessInterval",
    );
  });
});
