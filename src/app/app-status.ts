/**
 * The app's lifecycle states, forward only, each published as `app.<state>`.
 */
import type { Monitor } from '../instrumentation/monitor.js';
import { ForwardStateMachine } from '../state-machine.js';

/** App states, in order. `supervising` is used by the swarm supervisor only. */
export const APP_STATES = [
  'initializing',
  'initialized',
  'supervising',
  'running',
  'quieting',
  'quiet',
  'stopping',
  'stopped',
  'terminated',
] as const;

/** An app state. */
export type AppState = (typeof APP_STATES)[number];

/** The app's state machine; every transition publishes `app.<state>`. */
export class AppStatus extends ForwardStateMachine<AppState> {
  /** @param monitor where transitions are published */
  constructor(monitor: Monitor) {
    super(APP_STATES, (state, previous) => monitor.instrument(`app.${state}`, { state, previous }));
  }
}
