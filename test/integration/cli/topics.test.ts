import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Admin } from '../../../src/admin/admin.js';
import { TopicNotFoundError } from '../../../src/admin/errors.js';
import { CliProcess } from '../../support/cli-process.js';
import { baseSettings, bootstrapServers, createTopic, produceMessages, uniqueName } from '../../support/kafka.js';
import { waitUntil } from '../../support/wait-until.js';

const fixture = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'topics-app.config.ts');

/** A route of the fixture app (see test/fixtures/topics-app.config.ts). */
interface Route {
  readonly name: string;
  readonly consumerGroup?: string;
  readonly consumed?: boolean;
  readonly partitions?: number;
  readonly configs?: Record<string, string>;
  readonly managed?: boolean;
  readonly deadLetterQueue?: string;
}

interface Run {
  readonly code: number | null;
  /** Output lines, without JSON log lines. */
  readonly lines: string[];
}

/** Runs `karafka topics <args>` for an app with `routes` and waits for it to exit. */
async function topics(args: readonly string[], routes: readonly Route[]): Promise<Run> {
  const cli = CliProcess.start(['topics', ...args, '--config', fixture], {
    cwd: path.dirname(fixture),
    env: { KAFKA_BOOTSTRAP: bootstrapServers(), CLIENT_ID: uniqueName('topics-app'), TOPICS: JSON.stringify(routes) },
  });
  const exit = await cli.exited;
  return { code: exit.code, lines: cli.lines.filter((line) => line !== '' && !line.startsWith('{')) };
}

let sharedAdmin: Admin | undefined;

function admin(): Admin {
  sharedAdmin ??= new Admin({ kafka: baseSettings() });
  return sharedAdmin;
}

afterAll(async () => {
  await sharedAdmin?.close();
});

/** Partition count of `topic` once the metadata shows `expected` (polls: metadata can lag a change). */
async function waitForPartitions(topic: string, expected: number): Promise<void> {
  let last: number | string = 'not read';
  await waitUntil(
    async () => {
      last = (await admin().topicInfo(topic)).partitionCount;
      return last === expected;
    },
    { description: () => `${topic} to have ${String(expected)} partitions (last: ${String(last)})` },
  );
}

async function configValue(topic: string, key: string): Promise<string | null | undefined> {
  return (await admin().describeConfigs(topic, [key]))[key]?.value;
}

async function waitForConfig(topic: string, key: string, expected: string): Promise<void> {
  let last: string | null | undefined;
  await waitUntil(
    async () => {
      last = await configValue(topic, key);
      return last === expected;
    },
    { description: () => `${topic} ${key} to be ${expected} (last: ${String(last)})` },
  );
}

async function waitForDeletion(topic: string): Promise<void> {
  await waitUntil(
    async () => {
      try {
        await admin().topicInfo(topic);
        return false;
      } catch (error) {
        if (error instanceof TopicNotFoundError) return true;
        throw error;
      }
    },
    { description: `${topic} to be gone` },
  );
}

async function exists(topic: string): Promise<boolean> {
  return admin()
    .topicInfo(topic)
    .then(
      () => true,
      (error: unknown) => {
        if (error instanceof TopicNotFoundError) return false;
        throw error;
      },
    );
}

const RETENTION = 'retention.ms';

describe('karafka topics (process)', () => {
  it('plan on a fresh cluster lists every declared topic, with partitions, replication factor and configs, and changes nothing', async () => {
    const [orders, audit, clicks, dlq, unmanaged] = ['orders', 'audit', 'clicks', 'dlq', 'unmanaged'].map(uniqueName);
    const routes: Route[] = [
      { name: orders!, partitions: 3, configs: { [RETENTION]: '3600000' }, deadLetterQueue: dlq! },
      { name: audit!, consumed: false, partitions: 2 },
      { name: clicks!, consumerGroup: uniqueName('analytics') },
      { name: unmanaged!, managed: false, partitions: 5 },
    ];

    const run = await topics(['plan'], routes);

    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      `create ${orders!}: 3 partitions, replication factor 1, configs retention.ms=3600000`,
      `create ${audit!}: 2 partitions, replication factor 1`,
      `create ${clicks!}: 1 partition, replication factor 1`,
      `create ${dlq!}: 1 partition, replication factor 1`,
      'Plan: 4 topics to create.',
    ]);
    expect((await topics(['plan', '--detailed-exitcode'], routes)).code).toBe(2);
    for (const topic of [orders!, audit!, clicks!, dlq!, unmanaged!]) expect(await exists(topic)).toBe(false);
  });

  it('migrate creates every declared topic as declared', async () => {
    const [orders, audit, dlq] = ['orders', 'audit', 'dlq'].map(uniqueName);
    const routes: Route[] = [
      { name: orders!, partitions: 3, configs: { [RETENTION]: '3600000' }, deadLetterQueue: dlq! },
      { name: audit!, consumed: false, partitions: 2 },
    ];

    const run = await topics(['migrate'], routes);

    expect(run.code).toBe(0);
    expect(run.lines).toEqual([
      `created ${orders!}: 3 partitions, replication factor 1, configs retention.ms=3600000`,
      `created ${audit!}: 2 partitions, replication factor 1`,
      `created ${dlq!}: 1 partition, replication factor 1`,
      'Done: 3 topics created.',
    ]);
    await waitForPartitions(orders!, 3);
    await waitForPartitions(audit!, 2);
    await waitForPartitions(dlq!, 1);
    expect(await admin().describeConfigs(orders!, [RETENTION])).toMatchObject({
      [RETENTION]: { value: '3600000', source: 'topic' },
    });
  });

  it('migrate adds partitions and aligns configs of existing topics; a second migrate --detailed-exitcode exits 0', async () => {
    const existing = await createTopic(uniqueName('existing'), 1, { [RETENTION]: '3600000' });
    const missing = uniqueName('missing');
    const routes: Route[] = [
      { name: existing, partitions: 2, configs: { [RETENTION]: '7200000' } },
      { name: missing, partitions: 2 },
    ];

    const first = await topics(['migrate', '--detailed-exitcode'], routes);
    await waitForPartitions(existing, 2);
    await waitForConfig(existing, RETENTION, '7200000');
    await waitForPartitions(missing, 2);
    const second = await topics(['migrate', '--detailed-exitcode'], routes);

    expect(first).toEqual({
      code: 2,
      lines: [
        `added partitions ${existing}: 1 -> 2`,
        `altered config ${existing} retention.ms: 3600000 -> 7200000`,
        `created ${missing}: 2 partitions, replication factor 1`,
        'Done: 1 topic created, 1 topic given more partitions, 1 config altered.',
      ],
    });
    expect(second).toEqual({ code: 0, lines: ['No changes.'] });
  });

  it('raising a partition count makes plan show only that change, with --detailed-exitcode 2', async () => {
    const topic = await createTopic(uniqueName('orders'), 2, { [RETENTION]: '3600000' });
    const other = await createTopic(uniqueName('other'), 1);

    const run = await topics(
      ['plan', '--detailed-exitcode'],
      [{ name: topic, partitions: 4, configs: { [RETENTION]: '3600000' } }, { name: other }],
    );

    expect(run).toEqual({ code: 2, lines: [`add partitions ${topic}: 2 -> 4`, 'Plan: 1 topic to add partitions to.'] });
    expect((await admin().topicInfo(topic)).partitionCount).toBe(2);
  });

  it('raising a config makes plan show only that change, with --detailed-exitcode 2', async () => {
    const topic = await createTopic(uniqueName('orders'), 2, { [RETENTION]: '3600000' });

    const run = await topics(
      ['plan', '--detailed-exitcode'],
      [{ name: topic, partitions: 2, configs: { [RETENTION]: '7200000' } }],
    );

    expect(run).toEqual({
      code: 2,
      lines: [`alter config ${topic} retention.ms: 3600000 -> 7200000`, 'Plan: 1 config to alter.'],
    });
    expect(await configValue(topic, RETENTION)).toBe('3600000');
  });

  it('lowering partitions is reported as a warning and not attempted', async () => {
    const topic = await createTopic(uniqueName('orders'), 3);
    const routes: Route[] = [{ name: topic, partitions: 1 }];
    const warning = `warning: ${topic} declares 1 partition(s) but has 3; Kafka cannot remove partitions, so it keeps 3`;

    const plan = await topics(['plan', '--detailed-exitcode'], routes);
    const migrate = await topics(['migrate', '--detailed-exitcode'], routes);

    expect(plan).toEqual({ code: 0, lines: [warning, 'No changes.'] });
    expect(migrate).toEqual({ code: 0, lines: [warning, 'No changes.'] });
    expect((await admin().topicInfo(topic)).partitionCount).toBe(3);
  });

  it('create creates only the missing topics and leaves existing ones as they are', async () => {
    const existing = await createTopic(uniqueName('existing'), 1, { [RETENTION]: '3600000' });
    const missing = uniqueName('missing');

    const run = await topics(
      ['create', '--detailed-exitcode'],
      [
        { name: existing, partitions: 3, configs: { [RETENTION]: '7200000' } },
        { name: missing, partitions: 2, configs: { [RETENTION]: '7200000' } },
      ],
    );

    expect(run).toEqual({
      code: 2,
      lines: [
        `created ${missing}: 2 partitions, replication factor 1, configs retention.ms=7200000`,
        'Done: 1 topic created.',
      ],
    });
    await waitForPartitions(missing, 2);
    expect(await configValue(missing, RETENTION)).toBe('7200000');
    expect((await admin().topicInfo(existing)).partitionCount).toBe(1);
    expect(await configValue(existing, RETENTION)).toBe('3600000');
  });

  it('delete deletes the declared topics that exist and nothing else', async () => {
    const declared = await createTopic(uniqueName('declared'));
    const declaredMissing = uniqueName('declared-missing');
    const undeclared = await createTopic(uniqueName('undeclared'));

    const run = await topics(['delete', '--detailed-exitcode'], [{ name: declared }, { name: declaredMissing }]);

    expect(run).toEqual({ code: 2, lines: [`deleted ${declared}`, 'Done: 1 topic deleted.'] });
    await waitForDeletion(declared);
    expect(await exists(undeclared)).toBe(true);
    expect(await exists(declaredMissing)).toBe(false);
    expect(await topics(['delete', '--detailed-exitcode'], [{ name: declared }])).toEqual({
      code: 0,
      lines: ['No changes.'],
    });
  });

  it('reset deletes the declared topics with their messages and creates them again as declared', async () => {
    const topic = await createTopic(uniqueName('orders'), 1, { [RETENTION]: '3600000' });
    await produceMessages(topic, 3);
    const missing = uniqueName('missing');

    const run = await topics(
      ['reset', '--detailed-exitcode'],
      [{ name: topic, partitions: 2, configs: { [RETENTION]: '7200000' } }, { name: missing }],
    );

    expect(run).toEqual({
      code: 2,
      lines: [
        `deleted ${topic}`,
        `created ${topic}: 2 partitions, replication factor 1, configs retention.ms=7200000`,
        `created ${missing}: 1 partition, replication factor 1`,
        'Done: 1 topic deleted, 2 topics created.',
      ],
    });
    await waitForPartitions(topic, 2);
    await waitForPartitions(missing, 1);
    expect(await admin().readWatermarkOffsets(topic)).toEqual({ 0: { low: 0, high: 0 }, 1: { low: 0, high: 0 } });
    expect(await configValue(topic, RETENTION)).toBe('7200000');
  });

  it('repartition only adds partitions: configs stay, missing topics are not created', async () => {
    const topic = await createTopic(uniqueName('orders'), 1, { [RETENTION]: '3600000' });
    const missing = uniqueName('missing');

    const run = await topics(
      ['repartition', '--detailed-exitcode'],
      [{ name: topic, partitions: 3, configs: { [RETENTION]: '7200000' } }, { name: missing }],
    );

    expect(run).toEqual({
      code: 2,
      lines: [
        `skip ${missing}: it does not exist (\`karafka topics create\` or \`migrate\` creates it)`,
        `added partitions ${topic}: 1 -> 3`,
        'Done: 1 topic given more partitions.',
      ],
    });
    await waitForPartitions(topic, 3);
    expect(await configValue(topic, RETENTION)).toBe('3600000');
    expect(await exists(missing)).toBe(false);
  });

  it('align only sets the declared configs: partitions stay, missing topics are not created', async () => {
    const topic = await createTopic(uniqueName('orders'), 1, { [RETENTION]: '3600000' });
    const missing = uniqueName('missing');

    const run = await topics(
      ['align', '--detailed-exitcode'],
      [
        { name: topic, partitions: 3, configs: { [RETENTION]: '7200000', 'cleanup.policy': 'compact' } },
        { name: missing, configs: { [RETENTION]: '1000' } },
      ],
    );

    expect(run).toEqual({
      code: 2,
      lines: [
        `skip ${missing}: it does not exist (\`karafka topics create\` or \`migrate\` creates it)`,
        `altered config ${topic} retention.ms: 3600000 -> 7200000`,
        `altered config ${topic} cleanup.policy: delete -> compact`,
        'Done: 2 configs altered.',
      ],
    });
    await waitForConfig(topic, RETENTION, '7200000');
    await waitForConfig(topic, 'cleanup.policy', 'compact');
    expect((await admin().topicInfo(topic)).partitionCount).toBe(1);
    expect(await exists(missing)).toBe(false);
  });

  it('rejects a topic declared differently by two consumer groups, naming both, before touching Kafka', async () => {
    const topic = uniqueName('shared');

    const run = await topics(
      ['migrate'],
      [
        { name: topic, consumerGroup: 'first-group', partitions: 2 },
        { name: topic, consumerGroup: 'second-group', partitions: 4 },
      ],
    );

    expect(run.code).toBe(1);
    expect(run.lines.join('\n')).toContain(
      `Topic '${topic}' is declared differently in consumer group 'first-group' (partitions 2,`,
    );
    expect(run.lines.join('\n')).toContain("and in consumer group 'second-group' (partitions 4,");
    expect(await exists(topic)).toBe(false);
  });

  it('explains bad input with exit code 1, and prints help with exit code 0', async () => {
    const unknown = CliProcess.start(['topics', 'frobnicate']);
    const badFlag = CliProcess.start(['topics', 'plan', '--bogus']);
    const help = CliProcess.start(['topics', 'migrate', '--help']);

    expect((await unknown.exited).code).toBe(1);
    expect(unknown.lines).toContain("error: unknown command 'frobnicate'");
    expect(unknown.lines.join('\n')).toMatch(/plan \[options\] +print what `migrate` would change/);
    expect((await badFlag.exited).code).toBe(1);
    expect(badFlag.lines).toContain("error: unknown option '--bogus'");
    expect((await help.exited).code).toBe(0);
    expect(help.lines.join('\n')).toContain('--detailed-exitcode');
    expect(help.lines.join('\n')).toContain('2  with --detailed-exitcode only: changes planned (plan) or applied');
  });
});
