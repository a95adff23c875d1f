/**
 * An internal topic of the time features (schedules, recurring tasks), as it should be created, and the checks
 * of their options.
 */

/** One internal topic as it should be on the cluster. */
export interface InternalTopic {
  readonly name: string;
  readonly partitions: number;
  readonly replicationFactor: number;
  readonly configs: Readonly<Record<string, string>>;
}

/** `value` when it is a usable topic name; else an error naming the option. */
export function requireName(api: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || !/^[a-zA-Z0-9._-]{1,249}$/.test(value)) {
    throw new TypeError(
      `${api}(): option '${option}' must be a topic name (letters, digits, '.', '_', '-'; got ${JSON.stringify(value)})`,
    );
  }
  return value;
}

/** `value` when it is an integer of 1 or more; else an error naming the option. */
export function positiveInteger(api: string, option: string, value: unknown): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new TypeError(`${api}(): option '${option}' must be an integer of 1 or more (got ${JSON.stringify(value)})`);
  }
  return value;
}
