import { describe, expect, it } from 'vitest';
import { CronExpression, CronExpressionError } from '../../../src/scheduling/cron-expression.js';
import { latestTickSince, taskSchedule } from '../../../src/scheduling/task-schedule.js';

const at = (iso: string): number => Date.parse(iso);
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The first `count` times of `expression` after `from`. */
function times(expression: string, from: string, count: number): (string | undefined)[] {
  const cron = new CronExpression(expression);
  const found: (string | undefined)[] = [];
  let after = at(from);
  for (let i = 0; i < count; i += 1) {
    const next = cron.next(after);
    found.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return found;
}

describe('CronExpression', () => {
  it('gives the next times of five-field expressions, in UTC', () => {
    expect(times('*/5 * * * *', '2026-11-30T17:47:13.500Z', 2)).toEqual([
      '2026-11-30T17:50:00.000Z',
      '2026-11-30T17:55:00.000Z',
    ]);
    expect(times('0 0 * * mon', '2026-11-30T00:00:00.000Z', 2)).toEqual([
      '2026-12-07T00:00:00.000Z',
      '2026-12-14T00:00:00.000Z',
    ]);
    expect(times('59 23 31 dec *', '2026-06-01T00:00:00Z', 1)).toEqual(['2026-12-31T23:59:00.000Z']);
    expect(times('0 9-17/4 * * *', '2026-01-01T10:00:00Z', 3)).toEqual([
      '2026-01-01T13:00:00.000Z',
      '2026-01-01T17:00:00.000Z',
      '2026-01-02T09:00:00.000Z',
    ]);
  });

  it('takes seconds as a sixth field', () => {
    expect(times('*/2 * * * * *', '2026-11-30T17:47:13.500Z', 2)).toEqual([
      '2026-11-30T17:47:14.000Z',
      '2026-11-30T17:47:16.000Z',
    ]);
    expect(times('15-20/2 * * * * *', '2026-11-30T17:47:16.000Z', 3)).toEqual([
      '2026-11-30T17:47:17.000Z',
      '2026-11-30T17:47:19.000Z',
      '2026-11-30T17:48:15.000Z',
    ]);
  });

  it('matches either day field when both are restricted, and 7 as Sunday', () => {
    expect(times('30 4 1,15 * 5', '2026-11-30T00:00:00Z', 2)).toEqual([
      '2026-12-01T04:30:00.000Z',
      '2026-12-04T04:30:00.000Z',
    ]);
    expect(times('0 0 * * 7', '2026-11-30T00:00:00Z', 1)).toEqual(['2026-12-06T00:00:00.000Z']);
  });

  it('finds leap days and reports a date that never comes', () => {
    expect(times('0 12 29 feb *', '2026-01-01T00:00:00Z', 2)).toEqual([
      '2028-02-29T12:00:00.000Z',
      '2032-02-29T12:00:00.000Z',
    ]);
    expect(new CronExpression('0 0 30 feb *').next(at('2026-01-01T00:00:00Z'))).toBeUndefined();
  });

  it('refuses bad expressions with a message naming the field', () => {
    const problem = (expression: string): string => {
      try {
        new CronExpression(expression);
      } catch (error) {
        expect(error).toBeInstanceOf(CronExpressionError);
        return (error as Error).message;
      }
      throw new Error(`'${expression}' was accepted`);
    };
    expect(problem('* * *')).toMatch(/has 3 fields; it needs 5 .* or 6/);
    expect(problem('61 * * * *')).toMatch(/minute '61' is not allowed \(0-59\)/);
    expect(problem('* 24 * * *')).toMatch(/hour '24'/);
    expect(problem('*/0 * * * *')).toMatch(/step '0' of the minute must be 1 or more/);
    expect(problem('5-1 * * * *')).toMatch(/minute range '5-1' goes backwards/);
    expect(problem('0 0 * foo *')).toMatch(/month 'foo' is not allowed \(1-12 or a name like feb\)/);
  });
});

describe('task schedules', () => {
  it('puts { every } ticks on multiples of the interval, the same in every process', () => {
    const schedule = taskSchedule('t', { every: 2000 });
    expect(schedule.next(at('2026-11-30T17:47:13.500Z'))).toBe(at('2026-11-30T17:47:14.000Z'));
    expect(schedule.next(at('2026-11-30T17:47:14.000Z'))).toBe(at('2026-11-30T17:47:16.000Z'));
    expect(schedule.description).toBe('every 2000 ms');
  });

  it('finds the latest tick missed since the last run', () => {
    const schedule = taskSchedule('t', { every: 2000 });
    expect(latestTickSince(schedule, 10_000, 17_500)).toBe(16_000);
    expect(latestTickSince(schedule, 10_000, 11_999)).toBeUndefined();
  });

  it('refuses an interval under a second and a bad cron expression', () => {
    expect(() => taskSchedule('t', { every: 10 })).toThrow(/Recurring task 't': .* 1000 ms or more/);
    expect(() => taskSchedule('t', '* *')).toThrow(CronExpressionError);
  });
});
