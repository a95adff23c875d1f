/**
 * Routing feature "declaration" (the route's `config`): how `karafka topics migrate` creates and aligns the
 * topic (partitions, replication factor, topic-level configs).
 */
import { z } from 'zod';
import { intIn } from '../config/settings.js';
import { defineTopicFeature } from './topic-feature.js';

/** Declarative topic settings. */
export interface TopicConfigOptions {
  /** Partitions (default 1). */
  readonly partitions?: number;
  /** Replication factor (default 1). */
  readonly replicationFactor?: number;
  /** Topic-level configs (`retention.ms`, `cleanup.policy`, ...). */
  readonly configs?: Readonly<Record<string, string>>;
  /** False leaves the topic out of `karafka topics` management (default true). */
  readonly active?: boolean;
}

/** The `config` option of a route. */
export interface DeclarationOptions {
  /** Declarative topic: how `karafka topics migrate` creates and aligns it. */
  readonly config?: TopicConfigOptions;
}

/** Declarative settings of a topic, defaults applied. */
export interface TopicDeclaration {
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
  /** False: `karafka topics` leaves the topic alone. */
  readonly active: boolean;
  /** True when the route gave a `config`; false when these are the defaults. */
  readonly explicit: boolean;
}

/** The feature's part of a resolved topic. */
export interface TopicDeclarationSettings {
  /** How `karafka topics` declares the topic. */
  readonly declaration: TopicDeclaration;
}

/** The `config` feature. */
export const declarationFeature = defineTopicFeature<DeclarationOptions, TopicDeclarationSettings>({
  name: 'declaration',
  schema: {
    config: z
      .strictObject({
        partitions: intIn(1, 1_000_000).optional(),
        replicationFactor: intIn(1, 32_767).optional(),
        configs: z.record(z.string(), z.string({ error: 'must be a string' })).optional(),
        active: z.boolean({ error: 'must be true or false' }).optional(),
      })
      .optional(),
  },
  resolve: ({ config }) => ({
    declaration: {
      partitions: config?.partitions ?? 1,
      replicationFactor: config?.replicationFactor ?? 1,
      configs: config?.configs ?? {},
      active: config?.active ?? true,
      explicit: config !== undefined,
    },
  }),
});
