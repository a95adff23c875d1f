import { describe, expect, it } from 'vitest';
import { App } from '../../../src/app/app.js';
import { enableRecurringTasks } from '../../../src/scheduling/recurring-tasks.js';
import { enableScheduledMessages } from '../../../src/scheduling/scheduled-messages.js';

const app = (): App => new App({ clientId: 'bad-input', logLevel: 'silent' });

describe('scheduled messages: bad input', () => {
  it('refuses bad options and a second enable, naming the option', () => {
    expect(() => enableScheduledMessages(app(), { topic: 'no spaces' })).toThrow(
      /enableScheduledMessages\(\): option 'topic' must be a topic name/,
    );
    expect(() => enableScheduledMessages(app(), { partitions: 0 })).toThrow(
      /option 'partitions' must be an integer of 1 or more \(got 0\)/,
    );
    const twice = app();
    enableScheduledMessages(twice);
    expect(() => enableScheduledMessages(twice)).toThrow(/already enabled for app 'bad-input'/);
  });

  it('routes the schedules topic to the dispatcher in its own subscription group, declared compacted', () => {
    const withSchedules = app();
    enableScheduledMessages(withSchedules, { topic: 'delayed', partitions: 3 });
    const [topic] = withSchedules.routes.topics;
    expect(topic).toMatchObject({ name: 'delayed', subscriptionGroup: 'delayed', manualOffsetManagement: true });
    expect(topic?.declaration).toMatchObject({ partitions: 3, configs: { 'cleanup.policy': 'compact' } });
  });

  it('refuses bad schedules before writing anything', async () => {
    const schedules = enableScheduledMessages(app());
    const message = { topic: 'target', payload: 'x' };
    await expect(schedules.schedule({ at: Number.NaN, message })).rejects.toThrow(/at must be a valid Date/);
    await expect(schedules.schedule({ at: new Date('nope'), message })).rejects.toThrow(/at must be a valid Date/);
    await expect(schedules.schedule({ at: 1, message: { topic: '', payload: 'x' } })).rejects.toThrow(
      /message.topic must be a non-empty string/,
    );
    await expect(
      schedules.schedule({ at: 1, message: { topic: 't', payload: null as unknown as string } }),
    ).rejects.toThrow(/a null payload cannot be scheduled/);
    await expect(schedules.schedule({ id: '', at: 1, message })).rejects.toThrow(/id must be a non-empty string/);
    await expect(schedules.schedule({ id: '__karafka_x', at: 1, message })).rejects.toThrow(/is reserved/);
    await expect(
      schedules.schedule({ at: 1, message: { ...message, headers: { karafka_schedule_at: '1' } } }),
    ).rejects.toThrow(/header 'karafka_schedule_at' is reserved/);
    await expect(schedules.schedule({ at: 1, message: { ...message, partition: -1 } })).rejects.toThrow(
      /message.partition must be 0 or more/,
    );
    await expect(schedules.cancel('')).rejects.toThrow(/cancel\(id\): id must be a non-empty string/);
  });
});

describe('recurring tasks: bad input', () => {
  it('refuses bad names, duplicates, bad schedules and commands for undeclared tasks', async () => {
    const tasks = enableRecurringTasks(app());
    tasks.schedule('cleanup', '*/5 * * * *', () => undefined);
    expect(() => tasks.schedule('cleanup', '* * * * *', () => undefined)).toThrow(/task 'cleanup' is declared twice/);
    expect(() => tasks.schedule('has space', '* * * * *', () => undefined)).toThrow(/the task name must be/);
    expect(() => tasks.schedule('x', '* * *', () => undefined)).toThrow(/has 3 fields/);
    expect(() => tasks.schedule('y', { every: 999 }, () => undefined)).toThrow(/1000 ms or more/);
    await expect(tasks.runNow('nope')).rejects.toThrow(/runNow\(\): no task 'nope' \(declared: cleanup\)/);
    await expect(tasks.disable('nope')).rejects.toThrow(/disable\(\): no task 'nope'/);
    expect(tasks.names).toEqual(['cleanup']);
  });

  it('refuses the same topic for states and log', () => {
    expect(() => enableRecurringTasks(app(), { topic: 'same', logTopic: 'same' })).toThrow(
      /options 'topic' and 'logTopic' must differ/,
    );
  });
});
