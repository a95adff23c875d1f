/**
 * The Standard Schema interface (https://standardschema.dev, version 1), declared here so that no dependency is
 * needed for it: zod 4, valibot, arktype and other libraries implement it, so any of their schemas can check
 * payloads. Only the parts karafka-ts uses are declared; a library's schema object fits them structurally.
 */

/** A schema of any Standard Schema library: validates an unknown value and gives `Output`. */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  /** The Standard Schema properties. */
  readonly '~standard': StandardSchemaProps<Input, Output>;
}

/** The properties a Standard Schema carries under `~standard`. */
export interface StandardSchemaProps<Input = unknown, Output = Input> {
  /** Version of the standard (1). */
  readonly version: 1;
  /** Library that made the schema (`'zod'`, `'valibot'`, `'arktype'`...). */
  readonly vendor: string;
  /** Validates a value; some libraries answer with a promise when the schema has asynchronous checks. */
  readonly validate: (value: unknown) => StandardSchemaResult<Output> | Promise<StandardSchemaResult<Output>>;
  /** Types only (never set at run time): what the schema takes and gives. */
  readonly types?: { readonly input: Input; readonly output: Output } | undefined;
}

/** What `validate` answers: the value, or the issues found. */
export type StandardSchemaResult<Output> =
  { readonly value: Output; readonly issues?: undefined } | { readonly issues: readonly StandardSchemaIssue[] };

/** One problem found by a schema. */
export interface StandardSchemaIssue {
  /** What is wrong, in the library's words. */
  readonly message: string;
  /** Where: keys from the root of the value (a key, or an object holding it). */
  readonly path?: readonly (PropertyKey | { readonly key: PropertyKey })[] | undefined;
}

/** What a value must be to count as a schema, for error messages that say what was given instead. */
export const STANDARD_SCHEMA_EXPECTED =
  'a Standard Schema (a zod 4, valibot or arktype schema...: an object with ~standard.version 1 and ~standard.validate)';

/** Whether `value` is a Standard Schema (version 1): an object or function with `~standard.validate`. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return false;
  const props = (value as { '~standard'?: { version?: unknown; validate?: unknown } })['~standard'];
  return props?.version === 1 && typeof props.validate === 'function';
}

/** The type a schema gives once a value passed it. */
export type SchemaOutput<S extends StandardSchemaV1> = NonNullable<S['~standard']['types']>['output'];
