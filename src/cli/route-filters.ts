/**
 * The route filter options of `server`, `swarm` and `swarm-node` (`--topics`, `--exclude-topics`, consumer and
 * subscription group filters), and their check against the app's routes before anything starts: an unknown
 * name, or filters that leave nothing to consume, stop the command with a message naming the filter.
 */
import type { Command } from 'commander';
import type { App } from '../app/app.js';
import { closestName } from '../config/closest-name.js';
import { ConfigurationError } from '../config/config-error.js';
import type { RouteSelection } from '../routing/routes.js';
import type { SubscriptionGroup } from '../routing/subscription-group.js';
import { collectNames } from './list-option.js';

/** The filter flags as commander parses them. */
export type RouteFilterFlags = { -readonly [K in keyof RouteSelection]?: string[] };

/** Each filter: its flag, what it names, and its help. */
const FILTERS: readonly {
  readonly key: keyof RouteSelection;
  readonly option: string;
  readonly kind: 'consumer group' | 'subscription group' | 'topic';
  readonly help: string;
}[] = [
  {
    key: 'consumerGroups',
    option: '--consumer-groups',
    kind: 'consumer group',
    help: 'run only these consumer groups (comma-separated)',
  },
  {
    key: 'subscriptionGroups',
    option: '--subscription-groups',
    kind: 'subscription group',
    help: 'run only these subscription groups',
  },
  { key: 'topics', option: '--topics', kind: 'topic', help: 'run only these topics' },
  {
    key: 'excludeConsumerGroups',
    option: '--exclude-consumer-groups',
    kind: 'consumer group',
    help: 'skip these consumer groups',
  },
  {
    key: 'excludeSubscriptionGroups',
    option: '--exclude-subscription-groups',
    kind: 'subscription group',
    help: 'skip these subscription groups',
  },
  { key: 'excludeTopics', option: '--exclude-topics', kind: 'topic', help: 'skip these topics' },
];

/** Adds the route filter options to `command`. */
export function withRouteFilters(command: Command): Command {
  for (const filter of FILTERS) {
    command.option(`${filter.option} <names>`, filter.help, collectNames(filter.option));
  }
  return command;
}

/** The route selection the flags describe. */
export function selectionFrom(flags: RouteFilterFlags): RouteSelection {
  const selection: RouteFilterFlags = {};
  for (const { key } of FILTERS) {
    const names = flags[key];
    if (names !== undefined && names.length > 0) selection[key] = names;
  }
  return selection;
}

/** The filters again as command-line arguments (a swarm node gets the supervisor's). */
export function filterArguments(selection: RouteSelection): string[] {
  return FILTERS.flatMap(({ key, option }) => {
    const names = selection[key];
    return names === undefined || names.length === 0 ? [] : [option, names.join(',')];
  });
}

function routedNames(app: App): Record<(typeof FILTERS)[number]['kind'], string[]> {
  const groups = app.routes.consumerGroups;
  const unique = (names: string[]): string[] => [...new Set(names)];
  return {
    'consumer group': unique(groups.map((cg) => cg.name)),
    'subscription group': unique(groups.flatMap((cg) => cg.subscriptionGroups.map((sg) => sg.name))),
    topic: unique(app.routes.topics.map((t) => t.name)),
  };
}

/**
 * The subscription groups `selection` leaves to run in `app` (from `configFile`). Throws a
 * `ConfigurationError` for a name no route has (suggesting the closest), for an app without routes or active
 * routes, and for filters that exclude every active route (naming the filters).
 */
export function selectedSubscriptionGroups(
  app: App,
  selection: RouteSelection,
  configFile: string,
): SubscriptionGroup[] {
  const routed = routedNames(app);
  for (const { key, option, kind } of FILTERS) {
    for (const name of selection[key] ?? []) {
      if (routed[kind].includes(name)) continue;
      // A topic a pattern route matches is selected (or refused as an exclusion) by the routes themselves.
      if (kind === 'topic' && app.routes.topics.some((t) => t.patternMatches(name))) continue;
      const meant = closestName(name, routed[kind]);
      throw new ConfigurationError(
        `Unknown ${kind} '${name}' in ${option}${meant === undefined ? '' : ` (did you mean '${meant}'?)`}; ` +
          `routed: ${routed[kind].join(', ') || '(none)'}`,
        option,
      );
    }
  }
  const groups = app.routes.activeSubscriptionGroups(selection);
  if (groups.length > 0) return groups;
  const active = app.routes.topics.filter((t) => t.active);
  if (app.routes.topics.length === 0) {
    throw new ConfigurationError(
      `No routes in ${configFile}: draw them with app.routes.draw((r) => r.topic('name', { consumer: MyConsumer }))`,
      'routes',
    );
  }
  if (active.length === 0) {
    throw new ConfigurationError(
      `Every route in ${configFile} is inactive (active: false): nothing to consume`,
      'routes',
    );
  }
  const used = filterArguments(selection);
  const given: string[] = [];
  for (let i = 0; i < used.length; i += 2) given.push(`${used[i]!} ${used[i + 1]!}`);
  const filters = given.length === 1 ? `the filter ${given[0]!}` : `the filters ${given.join(' ')} together`;
  const topics = [...new Set(active.map((t) => t.name))].join(', ');
  throw new ConfigurationError(
    `Nothing to consume: ${filters} excluded every active route (active topics: ${topics})`,
    'routes',
  );
}
