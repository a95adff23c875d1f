/**
 * Request parameters: checked, with errors that name the parameter and what is allowed.
 */

/** A request parameter that is not what it should be. */
export class BadParameter extends Error {
  /** @param message which parameter and what is allowed */
  constructor(message: string) {
    super(message);
    this.name = 'BadParameter';
  }
}

/** An integer parameter of at least 0 (undefined when absent). */
export function intParam(value: string | undefined, name: string): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^\d{1,15}$/.test(value)) throw new BadParameter(`${name} must be a whole number of at least 0`);
  return Number(value);
}
