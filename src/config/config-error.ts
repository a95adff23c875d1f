/**
 * The error every configuration problem raises: it names the key, the value and what is allowed.
 */

/** A bad setting, route or CLI option. */
export class ConfigurationError extends Error {
  /** Dotted path of the offending key (`pause.timeout`), or '' for problems that span keys. */
  readonly key: string;

  /** @param message the full explanation; @param key the dotted key it is about */
  constructor(message: string, key = '') {
    super(message);
    this.name = 'ConfigurationError';
    this.key = key;
  }
}
