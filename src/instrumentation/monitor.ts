/**
 * The monitor: a typed event bus every part of the framework reports through.
 */
import { type Channel, channel } from 'node:diagnostics_channel';
import type { DeliveredPayload, EventName, EventPayloads } from './events.js';

/** A subscriber of one event. */
export type EventHandler<N extends EventName> = (payload: DeliveredPayload<N>, event: N) => unknown;

/** A subscriber of every event. */
export type AnyEventHandler = (event: EventName, payload: Readonly<Record<string, unknown>>) => unknown;

/**
 * A listener object: methods named `on` + the event name in PascalCase receive that event
 * (`app.running` -> `onAppRunning`, `connection.listener.fetch_loop.error` -> `onConnectionListenerFetchLoopError`).
 */
export type ListenerObject = object;

/** `app.running` -> `onAppRunning`. */
export function handlerMethodName(event: string): string {
  return `on${event
    .split(/[._]/)
    .map((part) => (part.length === 0 ? '' : part[0]!.toUpperCase() + part.slice(1)))
    .join('')}`;
}

type Handler = (payload: Readonly<Record<string, unknown>>, event: EventName) => unknown;

/**
 * Runs around the work of an instrumented event (tracing: a span around each consume): it must call `work`
 * once and return (or rethrow) what it gives.
 */
export type EventWrapper<N extends EventName = EventName> = (
  payload: EventPayloads[N],
  work: () => Promise<unknown>,
) => Promise<unknown>;

/** Every event is also published on the `node:diagnostics_channel` channel of this name (`{ event, payload }`). */
export const EVENTS_CHANNEL = 'karafka-ts:events';

/** The `node:diagnostics_channel` channel of one event: `karafka-ts:consumer.consumed` (the payload). */
export function eventChannelName(event: string): string {
  return `karafka-ts:${event}`;
}

const allEvents = channel(EVENTS_CHANNEL);
const eventChannels = new Map<string, Channel>();

/** Typed publish/subscribe with timing of instrumented work. Subscriber errors never reach the publisher. */
export class Monitor {
  readonly #handlers = new Map<string, Set<Handler>>();
  readonly #any = new Set<AnyEventHandler>();
  readonly #objects = new Set<ListenerObject>();
  readonly #wrappers = new Map<string, Set<EventWrapper>>();
  readonly #relays = new Set<Monitor>();

  /** Subscribes `handler` to `event`; returns a function that unsubscribes it. */
  subscribe<N extends EventName>(event: N, handler: EventHandler<N>): () => void;
  /** Subscribes a listener object (`onAppRunning(payload)`, ...); returns a function that unsubscribes it. */
  subscribe(listener: ListenerObject): () => void;
  subscribe<N extends EventName>(eventOrListener: N | ListenerObject, handler?: EventHandler<N>): () => void {
    if (typeof eventOrListener === 'string') {
      if (handler === undefined) throw new TypeError(`subscribe('${eventOrListener}') needs a handler function`);
      const set = this.#handlers.get(eventOrListener) ?? new Set<Handler>();
      const wrapped = handler as unknown as Handler;
      set.add(wrapped);
      this.#handlers.set(eventOrListener, set);
      return () => set.delete(wrapped);
    }
    if (typeof eventOrListener !== 'object' || eventOrListener === null) {
      throw new TypeError('subscribe() takes an event name and a handler, or a listener object');
    }
    this.#objects.add(eventOrListener);
    return () => this.#objects.delete(eventOrListener);
  }

  /** Subscribes `handler` to every event (loggers, test recorders); returns a function that unsubscribes it. */
  subscribeAll(handler: AnyEventHandler): () => void {
    this.#any.add(handler);
    return () => this.#any.delete(handler);
  }

  /**
   * Hands every event published here to `target`'s subscribers too (not to its diagnostics channels: the event
   * was published there once already, nor to `target`'s own relays). The app relays the events of a producer
   * given to it this way. Returns a function that stops relaying.
   */
  relayTo(target: Monitor): () => void {
    if (target === this) throw new TypeError('A monitor cannot relay its events to itself');
    this.#relays.add(target);
    return () => this.#relays.delete(target);
  }

  /** Runs `wrapper` around the work of every `event` published with work; returns a function that removes it. */
  wrap<N extends EventName>(event: N, wrapper: EventWrapper<N>): () => void {
    const set = this.#wrappers.get(event) ?? new Set<EventWrapper>();
    const wrapped = wrapper as unknown as EventWrapper;
    set.add(wrapped);
    this.#wrappers.set(event, set);
    return () => set.delete(wrapped);
  }

  /** Publishes `event` now. */
  instrument<N extends EventName>(event: N, payload: EventPayloads[N]): void;
  /** Runs `work`, then publishes `event` with `time` (ms) added to the payload; returns what `work` returned. */
  instrument<N extends EventName, T>(event: N, payload: EventPayloads[N], work: () => Promise<T> | T): Promise<T>;
  instrument<N extends EventName, T>(
    event: N,
    payload: EventPayloads[N],
    work?: () => Promise<T> | T,
  ): Promise<T> | undefined {
    if (work === undefined) {
      this.#publish(event, payload as Readonly<Record<string, unknown>>);
      return undefined;
    }
    return this.#timed(event, payload as Readonly<Record<string, unknown>>, work);
  }

  async #timed<T>(
    event: EventName,
    payload: Readonly<Record<string, unknown>>,
    work: () => Promise<T> | T,
  ): Promise<T> {
    const started = performance.now();
    const wrappers = this.#wrappers.get(event);
    let run: () => Promise<T> | T = work;
    if (wrappers !== undefined) {
      for (const wrapper of wrappers) {
        const inner = run;
        run = () => wrapper(payload as EventPayloads[EventName], async () => inner()) as Promise<T>;
      }
    }
    const result = await run();
    this.#publish(event, { ...payload, time: performance.now() - started });
    return result;
  }

  #publish(event: EventName, payload: Readonly<Record<string, unknown>>): void {
    if (allEvents.hasSubscribers) allEvents.publish({ event, payload });
    let eventChannel = eventChannels.get(event);
    if (eventChannel === undefined) {
      eventChannel = channel(eventChannelName(event));
      eventChannels.set(event, eventChannel);
    }
    if (eventChannel.hasSubscribers) eventChannel.publish(payload);
    this.#deliver(event, payload);
    for (const relay of this.#relays) relay.#deliver(event, payload);
  }

  /** Calls this monitor's subscribers of `event`. */
  #deliver(event: EventName, payload: Readonly<Record<string, unknown>>): void {
    const handlers = this.#handlers.get(event);
    if (handlers !== undefined) for (const handler of handlers) this.#call(event, () => handler(payload, event));
    if (this.#objects.size > 0) {
      const method = handlerMethodName(event);
      for (const listener of this.#objects) {
        const fn = (listener as Record<string, unknown>)[method];
        if (typeof fn === 'function') this.#call(event, () => (fn as Handler).call(listener, payload, event));
      }
    }
    for (const handler of this.#any) this.#call(event, () => handler(event, payload));
  }

  #call(event: EventName, run: () => unknown): void {
    try {
      const result = run();
      if (result instanceof Promise) result.catch((error: unknown) => this.#subscriberFailed(event, error));
    } catch (error) {
      this.#subscriberFailed(event, error);
    }
  }

  #subscriberFailed(event: EventName, error: unknown): void {
    if (event === 'error.occurred') {
      // Reporting the failure of an error subscriber through error.occurred could loop forever.
      console.error(`karafka-ts: a subscriber of error.occurred failed:`, error);
      return;
    }
    this.#publish('error.occurred', { type: 'instrumentation.subscriber.error', error, event });
  }
}
