/**
 * Plugins that run beside every server of an app (the web UI's reporting): registered on the app, started by
 * each server once its listeners are built, stopped when it stops.
 */
import type { App } from '../app/app.js';

/** Starts beside a server; what it returns runs when the server stops (before the app terminates). */
export type ServerPluginOf<S> = (server: S) => (() => Promise<void> | void) | void;

/** The plugins of each app. */
export class ServerPlugins<S> {
  readonly #byApp = new WeakMap<App, Set<ServerPluginOf<S>>>();

  /** Adds `plugin` to `app`; returns a function that removes it. */
  add(app: App, plugin: ServerPluginOf<S>): () => void {
    const set = this.#byApp.get(app) ?? new Set<ServerPluginOf<S>>();
    set.add(plugin);
    this.#byApp.set(app, set);
    return () => set.delete(plugin);
  }

  /** Starts every plugin of `app` beside `server`; returns what stops them. */
  start(app: App, server: S): (() => Promise<void> | void)[] {
    const stops: (() => Promise<void> | void)[] = [];
    for (const plugin of this.#byApp.get(app) ?? []) {
      const stop = plugin(server);
      if (stop !== undefined) stops.push(stop);
    }
    return stops;
  }
}
