/**
 * `karafka-ts/web`: the web UI. `enableWeb(app)` in the config file turns reporting on for every server of the
 * app; `karafka web` serves the UI, or `createWebHandler(app)` mounts it in an existing HTTP server.
 */
export { enableWeb, webOptionsOf, webProcessOf, type WebProcess } from './enable-web.js';
export {
  DEFAULT_WEB_TOPICS,
  WebOptionsError,
  resolveWebOptions,
  type ResolvedWebOptions,
  type WebOptions,
  type WebTopicNames,
} from './options.js';
export type {
  CommandMessage,
  CommandName,
  CommandResult,
  ErrorReport,
  MaterializedMetrics,
  MaterializedState,
  MetricsPoint,
  PartitionReport,
  ProcessReport,
  ProcessState,
} from './report.js';
export type { WebUiAuth, WebUiOptions } from './ui/ui-options.js';
export {
  createWebHandler,
  serveWeb,
  type RunningWebServer,
  type ServeWebOptions,
  type WebHandler,
} from './ui/web-server.js';
export { webTopics, type WebTopic } from './web-topics.js';
