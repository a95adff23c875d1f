/**
 * Commands from the web UI to this process: read from the commands topic (from its end when the process
 * starts; every process reads every command), run when addressed to this process (or to all: `*`), and
 * answered with a result on the same topic. Partition commands are carried out by the owning listener between
 * two polls; quiet and stop go through the server as a signal would.
 */
import type { ConsumerDriver } from '../../kafka/consumer-driver.js';
import type { Server } from '../../server/server.js';
import type { ResolvedWebOptions } from '../options.js';
import { type CommandMessage, type CommandResult, SCHEMA_VERSION } from '../report.js';
import { type FireAndForgetProducer, type WebConnection, assignedConsumer, parseJson } from '../web-clients.js';

/** How often the commands topic is read (a poll that never waits: no pool thread is held). */
const POLL_EVERY_MS = 500;

/** What running a command gave. */
type Outcome = Pick<CommandResult, 'status' | 'details'>;

/** Reads and runs the commands for one server. */
export class CommandRunner {
  readonly #server: Server;
  readonly #options: ResolvedWebOptions;
  readonly #connection: WebConnection;
  readonly #processId: string;
  readonly #producer: FireAndForgetProducer;
  #consumer: ConsumerDriver | undefined;
  #timer: NodeJS.Timeout | undefined;
  #polling: Promise<void> | undefined;
  #stopped = false;

  /** @param processId this process's id in reports; @param producer where results go */
  constructor(
    server: Server,
    options: ResolvedWebOptions,
    connection: WebConnection,
    processId: string,
    producer: FireAndForgetProducer,
  ) {
    this.#server = server;
    this.#options = options;
    this.#connection = connection;
    this.#processId = processId;
    this.#producer = producer;
  }

  /** Starts reading commands from the end of the topic. Errors are reported, never thrown. */
  async start(): Promise<void> {
    const topic = this.#options.topics.commands;
    try {
      const consumer = await assignedConsumer(this.#connection, `${this.#options.groupId}-commands`);
      this.#consumer = consumer;
      const { high } = await consumer.watermarks(topic, 0, 10_000);
      if (this.#stopped) return;
      consumer.assign([{ topic, partition: 0, offset: high }]);
      this.#timer = setInterval(() => {
        this.#polling ??= this.#poll().finally(() => {
          this.#polling = undefined;
        });
      }, POLL_EVERY_MS).unref();
    } catch (error) {
      this.#server.app.monitor.instrument('error.occurred', { type: 'web.commands.error', error, topic });
    }
  }

  /** Stops reading commands. */
  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer !== undefined) clearInterval(this.#timer);
    await this.#polling;
    await this.#consumer?.forceClose().catch(() => undefined);
  }

  async #poll(): Promise<void> {
    const consumer = this.#consumer;
    if (consumer === undefined || this.#stopped) return;
    try {
      const { messages } = await consumer.poll(100, 0);
      for (const message of messages) {
        const command = parseJson(message) as Partial<CommandMessage> | undefined;
        if (command?.type !== 'command' || typeof command.id !== 'string') continue;
        if (command.processId !== this.#processId && command.processId !== '*') continue;
        await this.#run(command as CommandMessage);
      }
    } catch (error) {
      this.#server.app.monitor.instrument('error.occurred', {
        type: 'web.commands.error',
        error,
        topic: this.#options.topics.commands,
      });
    }
  }

  async #run(command: CommandMessage): Promise<void> {
    let outcome: Outcome | undefined;
    try {
      outcome = await this.#execute(command);
    } catch (error) {
      outcome = { status: 'failed', details: error instanceof Error ? error.message : String(error) };
    }
    if (outcome === undefined) return;
    // A partition command sent to every process is answered only by the processes that own the partition.
    if (command.processId === '*' && command.command.startsWith('partition.') && outcome.status === 'skipped') return;
    this.#answer(command, outcome);
  }

  /** Runs `command`; undefined when it answered itself. */
  async #execute(command: CommandMessage): Promise<Outcome | undefined> {
    const server = this.#server;
    switch (command.command) {
      case 'quiet':
        if (server.app.status.reached('quieting'))
          return { status: 'skipped', details: `already ${server.app.status.current}` };
        void server.quiet();
        return { status: 'done', details: 'quieting: running jobs finish, no new ones start' };
      case 'stop':
        if (server.app.status.reached('stopping'))
          return { status: 'skipped', details: `already ${server.app.status.current}` };
        // The answer goes out first: the stop closes this runner.
        this.#answer(command, { status: 'done', details: 'stopping' });
        void server.stop();
        return undefined;
      case 'trace':
        return { status: 'done', details: server.dump() };
      case 'partition.pause':
      case 'partition.resume':
      case 'partition.seek':
        return this.#partition(command);
      default:
        return { status: 'failed', details: `unknown command ${JSON.stringify(command.command)}` };
    }
  }

  async #partition(command: CommandMessage): Promise<Outcome> {
    const { consumerGroup, topic, partition } = command;
    if (typeof consumerGroup !== 'string' || typeof topic !== 'string' || !Number.isInteger(partition)) {
      return { status: 'failed', details: 'a partition command needs consumerGroup, topic and partition' };
    }
    const address = { consumerGroup, topic, partition: partition! };
    let done: boolean;
    if (command.command === 'partition.pause') {
      const duration = command.durationMs;
      done = await this.#server.commandPartition(address, {
        kind: 'pause',
        timeoutMs: typeof duration === 'number' && duration > 0 ? duration : Infinity,
      });
    } else if (command.command === 'partition.resume') {
      done = await this.#server.commandPartition(address, { kind: 'resume' });
    } else {
      const target =
        command.seekTo === 'earliest' || command.seekTo === 'latest'
          ? command.seekTo
          : command.seekTo === 'time'
            ? new Date(command.offset ?? 0)
            : command.offset;
      if (target === undefined || (typeof target === 'number' && (!Number.isInteger(target) || target < 0))) {
        return { status: 'failed', details: 'a seek needs an offset of 0 or more, a time, earliest or latest' };
      }
      done = await this.#server.commandPartition(address, { kind: 'seek', target });
    }
    const where = `${consumerGroup} ${topic}/${String(partition)}`;
    return done
      ? { status: 'done', details: `${command.command.slice('partition.'.length)} ${where}` }
      : { status: 'skipped', details: `${where} is not owned by this process (or it is not running)` };
  }

  #answer(command: CommandMessage, outcome: Outcome): void {
    const result: CommandResult = {
      schema: SCHEMA_VERSION,
      type: 'result',
      commandId: command.id,
      command: command.command,
      processId: this.#processId,
      status: outcome.status,
      ...(outcome.details === undefined ? {} : { details: outcome.details }),
      finishedAt: Date.now(),
    };
    this.#producer.send({
      topic: this.#options.topics.commands,
      key: this.#processId,
      value: Buffer.from(JSON.stringify(result)),
    });
  }
}
