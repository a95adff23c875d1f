/**
 * The routing table: consumer groups -> subscription groups -> topics, drawn with a small builder DSL and
 * validated when drawn.
 *
 * ```ts
 * app.routes.draw((r) => {
 *   r.defaults({ maxMessages: 50 });
 *   r.topic('events', { consumer: EventsConsumer });
 *   r.pattern(/^orders\..+/, { consumer: OrdersConsumer });
 *   r.consumerGroup('analytics', (g) => {
 *     g.topic('clicks', { consumer: ClicksConsumer });
 *     g.subscriptionGroup('heavy', (s) => s.topic('images', { consumer: ImagesConsumer }));
 *   });
 * });
 * ```
 */
import { ConfigurationError } from '../config/config-error.js';
import { describeIssues } from '../config/describe-issues.js';
import type { Settings } from '../config/settings.js';
import type { Deserializer } from '../messages/deserializers.js';
import { ConsumerGroup } from './consumer-group.js';
import { checkDirectAssignments, checkPatternOverlaps } from './group-checks.js';
import type { PayloadSchema } from './payload-feature.js';
import { SubscriptionGroup } from './subscription-group.js';
import { Topic } from './topic.js';
import { checkFeatures, resolveFeatures } from './topic-features.js';
import { type TopicPattern, topicPattern } from './topic-pattern.js';
import { type TopicOptions, topicOptionKeysAt, topicOptionsSchema } from './topic-options.js';

/** Draws topics (in a consumer group or a subscription group). */
export interface TopicsBuilder {
  /**
   * Routes `name` with `options`. The deserializer (`D`) and schema (`S`) are inferred from the options; the
   * consumer class must accept the payload type they give, or the route does not compile.
   */
  topic<D extends Deserializer = 'json', S extends PayloadSchema | undefined = undefined>(
    name: string,
    options: TopicOptions<D, S>,
  ): void;
  /**
   * Routes every topic whose name matches `regex` (now or created later: librdkafka finds new topics on its
   * metadata refresh, `topic.metadata.refresh.interval.ms`) with `options`. A topic routed by name in the same
   * consumer group wins over a pattern. See docs/routing-patterns.md.
   */
  pattern<D extends Deserializer = 'json', S extends PayloadSchema | undefined = undefined>(
    regex: RegExp,
    options: TopicOptions<D, S>,
  ): void;
}

/** Draws topics and named subscription groups of one consumer group. */
export interface ConsumerGroupBuilder extends TopicsBuilder {
  /** Topics drawn inside share one connection named `name`. */
  subscriptionGroup(name: string, draw: (builder: TopicsBuilder) => void): void;
}

/** The builder `routes.draw()` hands out. Topics drawn at this level belong to the app's default group. */
export interface RoutesBuilder extends ConsumerGroupBuilder {
  /** Options every topic of this draw starts from (a topic's own options win). */
  defaults(options: Omit<TopicOptions, 'consumer'> & { consumer?: TopicOptions['consumer'] }): void;
  /** Topics drawn inside belong to the Kafka consumer group `name`. */
  consumerGroup(name: string, draw: (builder: ConsumerGroupBuilder) => void): void;
}

interface Declaration {
  readonly consumerGroup: string;
  /** Set when drawn inside subscriptionGroup(). */
  readonly subscriptionGroup: string | undefined;
  readonly name: string;
  /** Set for a pattern route (`name` is then the expression as written). */
  readonly pattern?: TopicPattern;
  readonly options: TopicOptions;
  readonly defaults: TopicOptions;
}

/** Which routes a server runs (CLI `--consumer-groups`, `--exclude-topics`, ...). Empty lists select everything. */
export interface RouteSelection {
  readonly consumerGroups?: readonly string[];
  readonly subscriptionGroups?: readonly string[];
  readonly topics?: readonly string[];
  readonly excludeConsumerGroups?: readonly string[];
  readonly excludeSubscriptionGroups?: readonly string[];
  readonly excludeTopics?: readonly string[];
}

const TOPIC_NAME = /^[a-zA-Z0-9._-]{1,249}$/;
const DEFAULT_SUBSCRIPTION_GROUP = 'default';

function checkName(kind: string, name: unknown): string {
  if (typeof name !== 'string' || name.trim() === '') {
    throw new ConfigurationError(`Route error: a ${kind} needs a non-empty name (got ${JSON.stringify(name)})`);
  }
  return name;
}

/** The app's routes. */
export class Routes {
  readonly #settings: () => Settings;
  readonly #declarations: Declaration[] = [];
  #consumerGroups: ConsumerGroup[] = [];

  /** @param settings the app's validated settings (read when routes are resolved) */
  constructor(settings: () => Settings) {
    this.#settings = settings;
  }

  /** Adds routes. Throws a `ConfigurationError` naming the problem when a route is invalid. */
  draw(draw: (builder: RoutesBuilder) => void): this {
    const drawn: Declaration[] = [];
    let defaults: TopicOptions = {};
    const topicsIn = (consumerGroup: string, subscriptionGroup: string | undefined): TopicsBuilder => ({
      topic: (name, options) => {
        drawn.push({
          consumerGroup,
          subscriptionGroup,
          name: checkName('topic', name),
          // The compiler checked the consumer against the payload type where the route was drawn; from here on
          // the options are only validated at run time, so they are kept in their widest form.
          options: options as unknown as TopicOptions,
          get defaults() {
            return defaults;
          },
        });
      },
      pattern: (regex, options) => {
        let pattern: TopicPattern;
        try {
          pattern = topicPattern(regex);
        } catch (error) {
          throw new ConfigurationError(
            `Route error: ${(error as Error).message} (consumer group '${consumerGroup}')`,
            String(regex),
          );
        }
        drawn.push({
          consumerGroup,
          subscriptionGroup,
          name: pattern.name,
          pattern,
          options: options as unknown as TopicOptions,
          get defaults() {
            return defaults;
          },
        });
      },
    });
    const groupBuilder = (consumerGroup: string): ConsumerGroupBuilder => ({
      ...topicsIn(consumerGroup, undefined),
      subscriptionGroup: (name, drawGroup) => drawGroup(topicsIn(consumerGroup, checkName('subscription group', name))),
    });
    const defaultGroup = this.defaultConsumerGroupName;
    draw({
      ...groupBuilder(defaultGroup),
      defaults: (options) => {
        defaults = { ...defaults, ...options };
      },
      consumerGroup: (name, drawGroup) => drawGroup(groupBuilder(checkName('consumer group', name))),
    });
    const resolved = this.#resolve([...this.#declarations, ...drawn]);
    this.#declarations.push(...drawn);
    this.#consumerGroups = resolved;
    return this;
  }

  /** Removes every route. */
  clear(): void {
    this.#declarations.length = 0;
    this.#consumerGroups = [];
  }

  /** Consumer group of topics drawn outside consumerGroup(): the `groupId` setting, or `clientId`. */
  get defaultConsumerGroupName(): string {
    const settings = this.#settings();
    return settings.groupId ?? settings.clientId;
  }

  /** Every consumer group, with every topic (active or not). */
  get consumerGroups(): readonly ConsumerGroup[] {
    return this.#consumerGroups;
  }

  /** Every routed topic. */
  get topics(): Topic[] {
    return this.#consumerGroups.flatMap((cg) => cg.topics);
  }

  /**
   * The subscription groups a server runs: active topics only, narrowed by `selection`.
   * Names in the selection that no route has are an error.
   */
  activeSubscriptionGroups(selection: RouteSelection = {}): SubscriptionGroup[] {
    this.#checkSelection(selection);
    const chosen = (list: readonly string[] | undefined, name: string): boolean =>
      list === undefined || list.length === 0 || list.includes(name);
    const excluded = (list: readonly string[] | undefined, name: string): boolean => list?.includes(name) ?? false;
    const result: SubscriptionGroup[] = [];
    for (const cg of this.#consumerGroups) {
      if (!chosen(selection.consumerGroups, cg.name) || excluded(selection.excludeConsumerGroups, cg.name)) continue;
      for (const sg of cg.subscriptionGroups) {
        if (!chosen(selection.subscriptionGroups, sg.name) || excluded(selection.excludeSubscriptionGroups, sg.name)) {
          continue;
        }
        const topics = sg.topics.filter(
          (t) => t.active && chosen(selection.topics, t.name) && !excluded(selection.excludeTopics, t.name),
        );
        topics.push(...this.#selectedThroughPatterns(cg, sg, selection, topics));
        if (topics.length > 0) result.push(new SubscriptionGroup(sg.name, sg.consumerGroup, topics));
      }
    }
    return result;
  }

  /**
   * Topics named in the `topics` selection that only a pattern route of `sg` routes: each becomes a topic of its
   * own (the pattern's consumer and options), so the server consumes that topic and not the whole pattern.
   * Excluding one topic of a pattern that runs is refused: a subscription by expression cannot leave it out.
   */
  #selectedThroughPatterns(
    cg: ConsumerGroup,
    sg: SubscriptionGroup,
    selection: RouteSelection,
    chosen: readonly Topic[],
  ): Topic[] {
    const byName = new Set(cg.topics.filter((t) => !t.isPattern).map((t) => t.name));
    for (const name of selection.excludeTopics ?? []) {
      const running = chosen.find((t) => !byName.has(name) && t.patternMatches(name));
      if (running !== undefined) {
        throw new ConfigurationError(
          `Cannot exclude topic '${name}': pattern ${running.name} (consumer group '${cg.name}') consumes it and a ` +
            `pattern subscription cannot leave one topic out; exclude the pattern ('${running.name}') or narrow its expression`,
          'topic',
        );
      }
    }
    const result: Topic[] = [];
    for (const name of selection.topics ?? []) {
      if (byName.has(name) || chosen.some((t) => t.name === name)) continue;
      const route = sg.topics.find((t) => t.active && t.patternMatches(name));
      if (route !== undefined && !result.some((t) => t.name === name)) result.push(route.matched(name));
    }
    return result;
  }

  #checkSelection(selection: RouteSelection): void {
    const known = {
      'consumer group': new Set(this.#consumerGroups.map((cg) => cg.name)),
      'subscription group': new Set(this.#consumerGroups.flatMap((cg) => cg.subscriptionGroups.map((sg) => sg.name))),
      topic: new Set(this.topics.map((t) => t.name)),
    };
    const lists: [keyof typeof known, readonly string[] | undefined][] = [
      ['consumer group', selection.consumerGroups],
      ['consumer group', selection.excludeConsumerGroups],
      ['subscription group', selection.subscriptionGroups],
      ['subscription group', selection.excludeSubscriptionGroups],
      ['topic', selection.topics],
      ['topic', selection.excludeTopics],
    ];
    for (const [kind, names] of lists) {
      for (const name of names ?? []) {
        if (kind === 'topic' && this.topics.some((t) => t.patternMatches(name))) continue;
        if (!known[kind].has(name)) {
          throw new ConfigurationError(
            `Unknown ${kind} '${name}'; routed: ${[...known[kind]].join(', ') || '(none)'}`,
            kind,
          );
        }
      }
    }
  }

  #resolve(declarations: readonly Declaration[]): ConsumerGroup[] {
    const settings = this.#settings();
    const seen = new Set<string>();
    const topics = declarations.map((d) => {
      const key = `${d.consumerGroup}\u0000${d.name}`;
      if (seen.has(key)) {
        throw new ConfigurationError(
          `Route error: topic '${d.name}' is routed twice in consumer group '${d.consumerGroup}'`,
          d.name,
        );
      }
      seen.add(key);
      return this.#resolveTopic(d, settings);
    });
    const groups = new Map<string, Topic[]>();
    for (const topic of topics) groups.set(topic.consumerGroup, [...(groups.get(topic.consumerGroup) ?? []), topic]);
    return [...groups].map(([name, members]) => {
      checkDirectAssignments(name, members);
      const group = new ConsumerGroup(name, this.#subscriptionGroups(name, members));
      checkPatternOverlaps(group);
      return group;
    });
  }

  #resolveTopic(d: Declaration, settings: Settings): Topic {
    const where = `${d.pattern === undefined ? 'topic' : 'pattern'} '${d.name}' (consumer group '${d.consumerGroup}')`;
    if (d.pattern === undefined && !TOPIC_NAME.test(d.name)) {
      throw new ConfigurationError(
        `Route error: ${where}: the name is not a valid Kafka topic name: use 1 to 249 characters from a-z, A-Z, 0-9, '.', '_', '-'`,
        d.name,
      );
    }
    const merged = { ...d.defaults, ...d.options };
    const parsed = topicOptionsSchema.safeParse(merged);
    if (!parsed.success) {
      const lines = describeIssues(parsed.error.issues, merged, 'option', topicOptionKeysAt);
      throw new ConfigurationError(`Route error: ${where}:\n  - ${lines.join('\n  - ')}`, d.name);
    }
    const context = { settings };
    const problems = [...checkFeatures(parsed.data, context)];
    if (d.pattern !== undefined && parsed.data.directAssignment !== undefined) {
      problems.push({
        key: 'directAssignment',
        line: "option 'directAssignment': a pattern route cannot be assigned directly (its topics are not known in advance); route the topics by name",
      });
    }
    if (problems.length > 0) {
      throw new ConfigurationError(
        `Route error: ${where}:\n  - ${problems.map((p) => p.line).join('\n  - ')}`,
        problems[0]!.key,
      );
    }
    return new Topic(
      {
        name: d.name,
        consumerGroup: d.consumerGroup,
        subscriptionGroup: d.subscriptionGroup ?? DEFAULT_SUBSCRIPTION_GROUP,
        ...(d.pattern === undefined ? {} : { pattern: d.pattern }),
      },
      resolveFeatures(parsed.data, context),
    );
  }

  /**
   * Topics of a named subscription group must share connection settings. Topics outside any named group are
   * split into `default`, `default_2`, ... by connection settings (another cluster, another initial offset).
   */
  #subscriptionGroups(consumerGroup: string, topics: readonly Topic[]): SubscriptionGroup[] {
    const connectionKey = (t: Topic): string =>
      JSON.stringify([Object.entries(t.kafka).sort(([a], [b]) => a.localeCompare(b)), t.initialOffset]);
    const byName = new Map<string, Topic[]>();
    for (const topic of topics)
      byName.set(topic.subscriptionGroup, [...(byName.get(topic.subscriptionGroup) ?? []), topic]);
    const result: SubscriptionGroup[] = [];
    for (const [name, members] of byName) {
      if (name !== DEFAULT_SUBSCRIPTION_GROUP) {
        const keys = new Set(members.map(connectionKey));
        if (keys.size > 1) {
          throw new ConfigurationError(
            `Route error: the topics of subscription group '${name}' (consumer group '${consumerGroup}') have ` +
              `different kafka settings or initial offsets; one connection cannot serve them: put them in different ` +
              `subscription groups`,
            name,
          );
        }
        result.push(new SubscriptionGroup(name, consumerGroup, members));
        continue;
      }
      const split = new Map<string, Topic[]>();
      for (const topic of members) split.set(connectionKey(topic), [...(split.get(connectionKey(topic)) ?? []), topic]);
      [...split.values()].forEach((group, index) => {
        const sgName = index === 0 ? DEFAULT_SUBSCRIPTION_GROUP : `${DEFAULT_SUBSCRIPTION_GROUP}_${String(index + 1)}`;
        result.push(
          new SubscriptionGroup(
            sgName,
            consumerGroup,
            group.map((t) => t.inSubscriptionGroup(sgName)),
          ),
        );
      });
    }
    return result;
  }
}
