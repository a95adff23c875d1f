/**
 * What machine and software a run measured: cores, memory, versions, and how busy the machine was.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import rdkafka from '@karafka-ts/kafka-native';
import { KAFKA_VERSION } from '../../tools/kafka/settings.js';

/** The machine of a run. */
export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly os: string;
  readonly node: string;
  readonly kafka: string;
  readonly java: string;
  readonly librdkafka: string;
  readonly kafkaJavascript: string;
  readonly kafkajs: string;
  readonly kcat: string;
  /** 1-minute load average when the run started and when it ended. */
  loadAtStart: number;
  loadAtEnd: number;
}

const require = createRequire(import.meta.url);

function packageVersion(name: string): string {
  try {
    return (require(`${name}/package.json`) as { version: string }).version;
  } catch {
    return 'unknown';
  }
}

function firstLine(command: string, args: string[]): string {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  if (result.error !== undefined || result.status !== 0) return 'not installed';
  return (
    `${result.stdout}${result.stderr}`
      .split('\n')
      .find((l) => l.trim() !== '')
      ?.trim() ?? 'unknown'
  );
}

function osName(): string {
  const file = '/etc/os-release';
  const pretty = existsSync(file) ? /^PRETTY_NAME="?([^"\n]+)"?/m.exec(readFileSync(file, 'utf8'))?.[1] : undefined;
  return `${pretty ?? os.type()} (kernel ${os.release()})`;
}

/** Describes this machine now. */
export function describeMachine(): Machine {
  const kcatOutput = spawnSync('kcat', ['-V'], { encoding: 'utf8' });
  const kcatVersion = /Version ([\d.]+)/.exec(kcatOutput.stdout ?? '')?.[1];
  const kcatLibrdkafka = /librdkafka ([\d.]+)/.exec(kcatOutput.stdout ?? '')?.[1];
  return {
    cpu: os.cpus()[0]?.model.trim() ?? 'unknown',
    cores: os.cpus().length,
    memoryGb: Math.round(os.totalmem() / 1024 ** 3),
    os: osName(),
    node: process.version,
    kafka: KAFKA_VERSION,
    java: firstLine('java', ['-version']),
    librdkafka: rdkafka.librdkafkaVersion,
    kafkaJavascript: packageVersion('@karafka-ts/kafka-native'),
    kafkajs: packageVersion('kafkajs'),
    kcat:
      kcatVersion === undefined
        ? 'kcat not installed'
        : `kcat ${kcatVersion}${kcatLibrdkafka === undefined ? '' : ` (librdkafka ${kcatLibrdkafka})`}`,
    loadAtStart: os.loadavg()[0] ?? 0,
    loadAtEnd: 0,
  };
}

/** One paragraph for the README and the summary. */
export function machineText(machine: Machine): string {
  return (
    `${String(machine.cores)} cores (${machine.cpu}), ${String(machine.memoryGb)} GB memory, ${machine.os}; ` +
    `Node ${machine.node}; Apache Kafka ${machine.kafka} (single local KRaft broker, Maven jars) on ${machine.java}; ` +
    `@karafka-ts/kafka-native ${machine.kafkaJavascript} (the project's fork of @confluentinc/kafka-javascript; ` +
    `librdkafka ${machine.librdkafka}); ` +
    `KafkaJS ${machine.kafkajs}; ${machine.kcat}. ` +
    `1-minute load average ${machine.loadAtStart.toFixed(1)} at the start, ${machine.loadAtEnd.toFixed(1)} at the end ` +
    '(the broker and every contender share these cores).'
  );
}
