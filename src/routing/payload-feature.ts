/**
 * Routing feature "payload": how a topic's messages become the payload its consumer sees (`deserializer`, then
 * an optional `schema` in the Standard Schema form), and which payload type the route gives its consumer.
 *
 * Types: the route's payload type is the schema's output, else the deserializer's output (`string | null` for
 * 'string', `Buffer | null` for 'raw', a function's return type). A JSON route without a schema checks nothing:
 * there the consumer's payload type is the user's claim. The consumer class must accept the route's type.
 */
import { z } from 'zod';
import {
  type BuiltInDeserializer,
  type Deserializer,
  type DeserializerFunction,
  type DeserializerOutput,
  deserializerName,
} from '../messages/deserializers.js';
import { payloadDecoder } from '../messages/payload-decoder.js';
import {
  STANDARD_SCHEMA_EXPECTED,
  type SchemaOutput,
  type StandardSchemaV1,
  isStandardSchema,
} from '../messages/standard-schema.js';
import { defineTopicFeature } from './topic-feature.js';

/** A schema checking payloads: any Standard Schema (zod 4, valibot, arktype...) giving `Output`. */
export type PayloadSchema<Output = unknown> = StandardSchemaV1<unknown, Output>;

/** The payload options of a route. */
export interface PayloadOptions<
  D extends Deserializer = Deserializer,
  S extends PayloadSchema | undefined = PayloadSchema | undefined,
> {
  /** Payload deserializer: 'json' (default), 'string', 'raw' or a function (message) => payload. */
  readonly deserializer?: D;
  /** Validates each deserialized payload (when `message.payload` is first read) and types it. */
  readonly schema?: S;
}

/**
 * The payload type a route gives its consumer: the schema's output, else the deserializer's. `never` (any
 * consumer payload type fits) for JSON without a schema, or when the options are not known precisely.
 */
export type RoutePayload<D extends Deserializer, S extends PayloadSchema | undefined> = [S] extends [PayloadSchema]
  ? SchemaOutput<S>
  : ['json'] extends [D]
    ? never
    : DeserializerOutput<D>;

/** The default deserializer. */
export const DEFAULT_DESERIALIZER: BuiltInDeserializer = 'json';

/** Schemas of the payload options. */
const payloadSchema = {
  deserializer: z
    .union(
      [z.enum(['json', 'string', 'raw']), z.custom<DeserializerFunction>((value) => typeof value === 'function')],
      { error: "must be 'json', 'string', 'raw' or a function (message) => payload" },
    )
    .optional(),
  schema: z.custom<PayloadSchema>(isStandardSchema, { error: `must be ${STANDARD_SCHEMA_EXPECTED}` }).optional(),
};

/** The payload part of a resolved topic: the options with defaults applied and the decoder built from them. */
export interface TopicPayload {
  /** 'json' unless the route said otherwise. */
  readonly deserializer: Deserializer;
  /** Checks each payload after the deserializer, if set. */
  readonly schema: PayloadSchema | undefined;
  /** Raw message -> payload: the deserializer, then the schema if any (errors name the message). */
  readonly deserialize: DeserializerFunction;
  /** Name of the deserializer, for logs. */
  readonly deserializerName: string;
}

/** The `deserializer` and `schema` feature: how messages become payloads. */
export const payloadFeature = defineTopicFeature<PayloadOptions, TopicPayload>({
  name: 'payload',
  schema: payloadSchema,
  resolve: (options) => {
    const deserializer = options.deserializer ?? DEFAULT_DESERIALIZER;
    return {
      deserializer,
      schema: options.schema,
      deserialize: payloadDecoder(deserializer, options.schema),
      deserializerName: deserializerName(deserializer),
    };
  },
});
