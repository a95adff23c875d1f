/**
 * Helpers of the web UI tests: internal topics of their own per test file, an app with reporting on and fast
 * intervals, the UI served on a free port, and the materialised state read back.
 */
import type { App } from '../../../src/app/app.js';
import type { SettingsInput } from '../../../src/config/settings.js';
import { enableWeb } from '../../../src/web/enable-web.js';
import type { WebOptions, WebTopicNames } from '../../../src/web/options.js';
import type { ProcessState } from '../../../src/web/report.js';
import { type RunningWebServer, type ServeWebOptions, serveWeb } from '../../../src/web/ui/web-server.js';
import { webTopics } from '../../../src/web/web-topics.js';
import { testApp } from '../../support/app.js';
import { createTopic, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

/** Internal topics of their own (created), so test files run side by side. */
export async function installWebTopics(): Promise<WebTopicNames> {
  const prefix = uniqueName('web');
  const names: WebTopicNames = {
    reports: `${prefix}-reports`,
    states: `${prefix}-states`,
    metrics: `${prefix}-metrics`,
    commands: `${prefix}-commands`,
    errors: `${prefix}-errors`,
  };
  for (const topic of webTopics(names, 1)) await createTopic(topic.name, 1, { ...topic.configs });
  return names;
}

/** Web options for tests: the given topics, a group of their own, short intervals. */
export function testWebOptions(topics: WebTopicNames, extra: WebOptions = {}): WebOptions {
  return {
    topics,
    groupId: uniqueName('web-group'),
    trackingInterval: 500,
    materializeInterval: 300,
    processTtl: 3_000,
    ...extra,
  };
}

/** A test app with reporting on (client statistics every 500 ms, for offsets and lag). */
export function webTestApp(topics: WebTopicNames, settings: SettingsInput = {}, web: WebOptions = {}): App {
  const app = testApp({ ...settings, kafka: { 'statistics.interval.ms': 500, ...settings.kafka } });
  enableWeb(app, testWebOptions(topics, web));
  return app;
}

/** Serves the UI of `app` on a free port. */
export function serveTestUi(app: App, options: ServeWebOptions = {}): Promise<RunningWebServer> {
  return serveWeb(app, { port: 0, ...options });
}

/** Waits until the UI's materialised state has a process that passes `check`. */
export async function waitForProcess(
  server: RunningWebServer,
  check: (process: ProcessState) => boolean,
  description: string,
  timeoutMs = 30_000,
): Promise<ProcessState> {
  return waitUntil(() => server.handler.data.state?.processes.find(check), { timeoutMs, description });
}
