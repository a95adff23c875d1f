/**
 * Consume-transform-produce throughput with transactions: each batch is copied to an output topic and its
 * offset committed in one transaction, on 1 and on 10 partitions. Rows: a transactional producer per partition
 * (setting transactionalProducers), one transactional producer for the app (transactions one at a time), and
 * the same work without transactions (at-least-once) as the reference.
 */
import type { ConsumerSpec } from '../contenders/common.js';
import { type ConsumerRun, runNodeConsumer } from '../lib/consumers.js';
import type { Row } from '../lib/report.js';
import { type BenchContext, type Scenario, failedRow } from '../lib/scenario.js';

const POOL = 'karafka-ts, producer per partition';
const SINGLE = 'karafka-ts, one producer';
const NONE = 'karafka-ts, no transaction';
const CONCURRENCY = 10;

interface Case {
  readonly name: string;
  readonly partitions: number;
  readonly messages: number;
  readonly contenders: readonly (readonly [string, 'pool' | 'single' | 'none'])[];
}

function cases(context: BenchContext): Case[] {
  const scale = context.quick ? 0.1 : 1;
  return [
    {
      name: '1 partition',
      partitions: 1,
      messages: Math.round(20_000 * scale),
      contenders: [
        [POOL, 'pool'],
        [NONE, 'none'],
      ],
    },
    {
      name: '10 partitions',
      partitions: 10,
      messages: Math.round(50_000 * scale),
      contenders: [
        [POOL, 'pool'],
        [SINGLE, 'single'],
        [NONE, 'none'],
      ],
    },
  ];
}

function toRow(c: Case, run: ConsumerRun): Row {
  const figures = run.result?.figures;
  if (!run.ok || run.result === undefined) return failedRow(c.name, run.contender, run.reason ?? 'no result');
  const spanS = (run.result.lastAt - run.result.firstAt) / 1000;
  const transactions = figures?.transactions ?? 0;
  return {
    case: c.name,
    contender: run.contender,
    status: 'ok',
    values: {
      msgPerSec: figures?.steadyMsgPerSec,
      wholeMsgPerSec: run.msgPerSec,
      txPerSec: transactions > 0 && spanS > 0 ? transactions / spanS : undefined,
      perTx: transactions > 0 ? run.count / transactions : undefined,
      cpuS: run.cpuMs === undefined ? undefined : run.cpuMs / 1000,
      wallS: run.wallMs / 1000,
    },
  };
}

/** The transactions scenario. */
export const transactions: Scenario = {
  id: 'transactions',
  title: 'Consume-transform-produce in transactions: 1 and 10 partitions',
  async run(context) {
    const started = Date.now();
    const { broker, log } = context;
    const rows: Row[] = [];
    for (const c of cases(context)) {
      log(`transactions: filling a topic with ${String(c.messages)} messages on ${String(c.partitions)} partitions`);
      const input = await broker.createTopic(`tx-in-${String(c.partitions)}`, c.partitions);
      await broker.fillEvenly(input, c.messages, 100, c.partitions);
      for (const [name, mode] of c.contenders) {
        const output = await broker.createTopic(`tx-out-${String(c.partitions)}-${mode}`, c.partitions);
        const timeoutMs = 120_000 + c.messages * 2;
        const spec: ConsumerSpec = {
          bootstrap: broker.bootstrap,
          topic: input,
          group: broker.name(`tx-${String(c.partitions)}-${mode}`),
          expected: c.messages,
          mode: 'noop',
          concurrency: CONCURRENCY,
          partitions: c.partitions,
          deadlineMs: timeoutMs - 5_000,
        };
        log(`transactions: ${c.name}: ${name}`);
        const run = await runNodeConsumer(name, 'transactions-consumer.ts', spec, timeoutMs, {
          BENCH_TX_OUTPUT: output,
          BENCH_TX_MODE: mode,
        });
        rows.push(toRow(c, run));
        log(
          run.ok
            ? `  ${Math.round(run.msgPerSec ?? 0).toLocaleString('en-US')} msg/s`
            : `  FAILED: ${run.reason ?? ''}`,
        );
        await broker.deleteTopic(output);
      }
      await broker.deleteTopic(input);
    }
    return [
      {
        id: 'transactions',
        title: this.title,
        description:
          'Each batch (maxMessages 100, the default) is copied to an output topic with the same partition count ' +
          '(payloads of 100 bytes, reversed) and its offset committed: in one transaction per batch, on a ' +
          'producer per partition (`transactionalProducers`) or on one transactional producer given to the app ' +
          `(its transactions run one at a time); or without a transaction (\`produceManySync\`, then the automatic ` +
          `mark). concurrency ${String(CONCURRENCY)}; other settings default. steady msg/s: from 10 % to 90 % of ` +
          'the messages; a message counts once its transaction committed.',
        columns: [
          { key: 'msgPerSec', title: 'steady msg/s' },
          { key: 'wholeMsgPerSec', title: 'whole-run msg/s' },
          { key: 'txPerSec', title: 'transactions/s' },
          { key: 'perTx', title: 'msg/transaction', digits: 1 },
          { key: 'cpuS', title: 'CPU s', digits: 1 },
          { key: 'wallS', title: 'wall s', digits: 1 },
        ],
        ratios: [{ title: 'vs no transaction', metric: 'msgPerSec', reference: NONE }],
        rows,
        notes: [
          'Transactions cost round trips per batch (add partitions, send offsets, commit with its markers); with ' +
            'one producer they also queue behind each other, across all partitions.',
        ],
        durationMs: Date.now() - started,
      },
    ];
  },
};
