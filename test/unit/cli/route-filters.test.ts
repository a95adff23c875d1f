import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import {
  filterArguments,
  selectedSubscriptionGroups,
  selectionFrom,
  withRouteFilters,
} from '../../../src/cli/route-filters.js';
import { BaseConsumer } from '../../../src/consumer/base-consumer.js';
import type { RouteSelection } from '../../../src/routing/routes.js';

class OrdersConsumer extends BaseConsumer {
  consume(): void {}
}

function app(): App {
  const built = new App({ clientId: 'shop' }, { logLifecycle: false });
  built.routes.draw((r) => {
    r.topic('orders', { consumer: OrdersConsumer });
    r.topic('audit', { active: false });
    r.consumerGroup('analytics', (g) => {
      g.subscriptionGroup('heavy', (s) => s.topic('clicks', { consumer: OrdersConsumer }));
    });
  });
  return built;
}

function errorOf(selection: RouteSelection, target: App = app()): string {
  try {
    selectedSubscriptionGroups(target, selection, '/app/karafka.config.mts');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the selection to be refused');
}

function parse(args: string[]): RouteSelection {
  const command = withRouteFilters(new Command('server').exitOverride());
  command.parse(args, { from: 'user' });
  return selectionFrom(command.opts());
}

describe('route filters', () => {
  it('parses repeated and comma-separated filters, and gives them back as arguments', () => {
    const selection = parse(['--topics', 'orders,clicks', '--topics', 'x', '--exclude-consumer-groups', 'analytics']);
    expect(selection).toEqual({ topics: ['orders', 'clicks', 'x'], excludeConsumerGroups: ['analytics'] });
    expect(filterArguments(selection)).toEqual([
      '--topics',
      'orders,clicks,x',
      '--exclude-consumer-groups',
      'analytics',
    ]);
  });

  it('selects the subscription groups the filters leave', () => {
    const ids = (selection: RouteSelection): string[] =>
      selectedSubscriptionGroups(app(), selection, 'config').map((sg) => sg.id);
    expect(ids({})).toEqual(['shop/default', 'analytics/heavy']);
    expect(ids({ topics: ['clicks'] })).toEqual(['analytics/heavy']);
    expect(ids({ excludeConsumerGroups: ['analytics'] })).toEqual(['shop/default']);
  });

  it('names the filter of an unknown name and suggests the closest routed one', () => {
    expect(errorOf({ topics: ['order'] })).toBe(
      "Unknown topic 'order' in --topics (did you mean 'orders'?); routed: orders, audit, clicks",
    );
    expect(errorOf({ excludeSubscriptionGroups: ['nope'] })).toBe(
      "Unknown subscription group 'nope' in --exclude-subscription-groups; routed: default, heavy",
    );
    expect(errorOf({ consumerGroups: ['analytcs'] })).toContain("in --consumer-groups (did you mean 'analytics'?)");
  });

  it('says which filter excluded every active route', () => {
    expect(errorOf({ excludeTopics: ['orders', 'clicks'] })).toBe(
      'Nothing to consume: the filter --exclude-topics orders,clicks excluded every active route (active topics: orders, clicks)',
    );
    expect(errorOf({ topics: ['audit'] })).toBe(
      'Nothing to consume: the filter --topics audit excluded every active route (active topics: orders, clicks)',
    );
    expect(errorOf({ topics: ['orders'], excludeConsumerGroups: ['shop'] })).toBe(
      'Nothing to consume: the filters --topics orders --exclude-consumer-groups shop together excluded every active route ' +
        '(active topics: orders, clicks)',
    );
  });

  it('tells an app without routes, or without active ones, what to do', () => {
    const empty = new App({}, { logLifecycle: false });
    expect(errorOf({}, empty)).toContain('No routes in /app/karafka.config.mts: draw them with app.routes.draw(');
    const inactive = new App({}, { logLifecycle: false });
    inactive.routes.draw((r) => r.topic('audit', { active: false }));
    expect(errorOf({}, inactive)).toBe(
      'Every route in /app/karafka.config.mts is inactive (active: false): nothing to consume',
    );
  });
});
