/**
 * Cron expressions, in UTC: five fields (minute hour day-of-month month day-of-week) or six (with seconds
 * first). Each field takes `*`, a value, a range `a-b`, a step `*\/n` or `a-b/n` or `a/n`, and lists of these
 * separated by commas; months and weekdays also by name (`jan`, `mon`); weekday 7 is Sunday like 0. When both
 * day fields are restricted, a day matches either (as in cron).
 */

/** A bad cron expression. */
export class CronExpressionError extends Error {
  /** @param message what is wrong, naming the field */
  constructor(message: string) {
    super(message);
    this.name = 'CronExpressionError';
  }
}

interface FieldSpec {
  readonly name: string;
  readonly min: number;
  readonly max: number;
  readonly names?: readonly string[];
}

const SECOND: FieldSpec = { name: 'second', min: 0, max: 59 };
const MINUTE: FieldSpec = { name: 'minute', min: 0, max: 59 };
const HOUR: FieldSpec = { name: 'hour', min: 0, max: 23 };
const DAY: FieldSpec = { name: 'day of month', min: 1, max: 31 };
const MONTH: FieldSpec = {
  name: 'month',
  min: 1,
  max: 12,
  names: ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'],
};
const WEEKDAY: FieldSpec = {
  name: 'day of week',
  min: 0,
  max: 7,
  names: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
};

/** Searching further than this for the next time means the expression never matches (e.g. 30 feb). */
const SEARCH_YEARS = 8;

function value(text: string, spec: FieldSpec, expression: string): number {
  const named = spec.names?.indexOf(text.toLowerCase()) ?? -1;
  const number = named >= 0 ? named + (spec === MONTH ? 1 : 0) : /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isInteger(number) || number < spec.min || number > spec.max) {
    throw new CronExpressionError(
      `Cron expression '${expression}': ${spec.name} '${text}' is not allowed (${String(spec.min)}-${String(spec.max)}${
        spec.names === undefined ? '' : ` or a name like ${spec.names[1]!}`
      })`,
    );
  }
  return number;
}

function parseField(text: string, spec: FieldSpec, expression: string): { values: Set<number>; any: boolean } {
  const values = new Set<number>();
  for (const part of text.split(',')) {
    const [range = '', stepText, extra] = part.split('/');
    if (extra !== undefined || range === '') {
      throw new CronExpressionError(`Cron expression '${expression}': ${spec.name} '${part}' is not a valid field`);
    }
    let step = 1;
    if (stepText !== undefined) {
      step = /^\d+$/.test(stepText) ? Number(stepText) : 0;
      if (step < 1)
        throw new CronExpressionError(
          `Cron expression '${expression}': step '${stepText}' of the ${spec.name} must be 1 or more`,
        );
    }
    let from: number;
    let to: number;
    if (range === '*' || range === '?') {
      from = spec.min;
      to = spec === WEEKDAY ? 6 : spec.max;
    } else if (range.includes('-')) {
      const [a = '', b = ''] = range.split('-');
      from = value(a, spec, expression);
      to = value(b, spec, expression);
      if (to < from)
        throw new CronExpressionError(`Cron expression '${expression}': ${spec.name} range '${range}' goes backwards`);
    } else {
      from = value(range, spec, expression);
      to = stepText === undefined ? from : spec.max;
    }
    for (let v = from; v <= to; v += step) values.add(spec === WEEKDAY && v === 7 ? 0 : v);
  }
  return { values, any: text === '*' || text === '?' };
}

/** A parsed cron expression; `next(after)` gives the first matching time after a moment. */
export class CronExpression {
  /** The expression as given. */
  readonly source: string;
  readonly #seconds: Set<number>;
  readonly #minutes: Set<number>;
  readonly #hours: Set<number>;
  readonly #days: Set<number>;
  readonly #months: Set<number>;
  readonly #weekdays: Set<number>;
  readonly #anyDay: boolean;
  readonly #anyWeekday: boolean;

  /** Parses `expression` (throws `CronExpressionError` naming the bad field). */
  constructor(expression: string) {
    if (typeof expression !== 'string')
      throw new CronExpressionError(`A cron expression must be a string (got ${typeof expression})`);
    const fields = expression.trim().split(/\s+/);
    if (fields.length !== 5 && fields.length !== 6) {
      throw new CronExpressionError(
        `Cron expression '${expression}' has ${String(fields.length)} fields; it needs 5 (minute hour day month weekday) or 6 (seconds first)`,
      );
    }
    const [second, minute, hour, day, month, weekday] = fields.length === 6 ? fields : ['0', ...fields];
    this.source = expression;
    this.#seconds = parseField(second!, SECOND, expression).values;
    this.#minutes = parseField(minute!, MINUTE, expression).values;
    this.#hours = parseField(hour!, HOUR, expression).values;
    const days = parseField(day!, DAY, expression);
    this.#days = days.values;
    this.#anyDay = days.any;
    this.#months = parseField(month!, MONTH, expression).values;
    const weekdays = parseField(weekday!, WEEKDAY, expression);
    this.#weekdays = weekdays.values;
    this.#anyWeekday = weekdays.any;
  }

  /** The first matching time strictly after `after` (ms since the epoch, UTC), or undefined when none comes. */
  next(after: number): number | undefined {
    const t = new Date(Math.floor(after / 1000) * 1000 + 1000);
    const limit = after + SEARCH_YEARS * 366 * 86_400_000;
    while (t.getTime() <= limit) {
      if (!this.#months.has(t.getUTCMonth() + 1)) {
        t.setUTCMonth(t.getUTCMonth() + 1, 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.#dayMatches(t)) {
        t.setUTCDate(t.getUTCDate() + 1);
        t.setUTCHours(0, 0, 0, 0);
      } else if (!this.#hours.has(t.getUTCHours())) {
        t.setUTCHours(t.getUTCHours() + 1, 0, 0, 0);
      } else if (!this.#minutes.has(t.getUTCMinutes())) {
        t.setUTCMinutes(t.getUTCMinutes() + 1, 0, 0);
      } else if (!this.#seconds.has(t.getUTCSeconds())) {
        t.setUTCSeconds(t.getUTCSeconds() + 1, 0);
      } else {
        return t.getTime();
      }
    }
    return undefined;
  }

  #dayMatches(t: Date): boolean {
    const day = this.#days.has(t.getUTCDate());
    const weekday = this.#weekdays.has(t.getUTCDay());
    if (this.#anyDay) return weekday;
    if (this.#anyWeekday) return day;
    return day || weekday;
  }
}
