import { describe, expect, it } from 'vitest';
import { StatisticsDecorator } from '../../../src/instrumentation/statistics-decorator.js';

describe('statistics decorator', () => {
  it('adds the change since the previous report to every numeric field, at every depth', () => {
    const decorator = new StatisticsDecorator();
    const first = decorator.decorate({ name: 'c1', rxmsgs: 10, brokers: { b1: { rtt: { avg: 5 } } } });
    expect(first).toEqual({ name: 'c1', rxmsgs: 10, rxmsgs_d: 0, brokers: { b1: { rtt: { avg: 5, avg_d: 0 } } } });
    const second = decorator.decorate({ name: 'c1', rxmsgs: 25, brokers: { b1: { rtt: { avg: 3 } } } });
    expect(second).toEqual({ name: 'c1', rxmsgs: 25, rxmsgs_d: 15, brokers: { b1: { rtt: { avg: 3, avg_d: -2 } } } });
  });
});
