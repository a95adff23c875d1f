/**
 * Builders for in-process server tests: an app wired to the test broker, event recording, and an embedded
 * runner that the test file stops for sure.
 */
import { afterEach } from 'vitest';
import { App } from '../../src/app/app.js';
import type { SettingsInput } from '../../src/config/settings.js';
import type { EventName } from '../../src/instrumentation/events.js';
import { Embedded } from '../../src/server/embedded.js';
import { baseSettings, uniqueName } from './kafka.js';

const running: Embedded[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((e) => e.stop()));
});

/** An app on the test broker with test-friendly group timeouts; logs only when KARAFKA_TEST_LOG is set. */
export function testApp(settings: SettingsInput = {}): App {
  return new App({
    clientId: uniqueName('app'),
    logLevel: (process.env.KARAFKA_TEST_LOG as SettingsInput['logLevel']) ?? 'silent',
    shutdownTimeout: 30_000,
    maxWaitTime: 200,
    ...settings,
    kafka: {
      ...baseSettings(),
      // The KIP-848 protocol takes session and heartbeat timing from the broker only.
      ...(settings.kafka?.['group.protocol'] === 'consumer'
        ? {}
        : { 'session.timeout.ms': 6_000, 'heartbeat.interval.ms': 500 }),
      'statistics.interval.ms': 0,
      ...settings.kafka,
    },
  });
}

/** One published event. */
export interface RecordedEvent {
  readonly name: EventName;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Records every event the app publishes (or only those whose name starts with one of `prefixes`). */
export function recordEvents(app: App, ...prefixes: string[]): RecordedEvent[] {
  const events: RecordedEvent[] = [];
  app.monitor.subscribeAll((name, payload) => {
    if (prefixes.length === 0 || prefixes.some((p) => name.startsWith(p))) events.push({ name, payload });
  });
  return events;
}

/** Starts `app` embedded; the test file's afterEach stops it if the test did not. */
export async function startEmbedded(app: App): Promise<Embedded> {
  const embedded = new Embedded(app);
  running.push(embedded);
  await embedded.start();
  return embedded;
}
