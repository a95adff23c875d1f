/**
 * `enableMetrics(app)`: a Prometheus exporter attached to the app's monitor that also reads the jobs gauges
 * (busy workers, queue size, concurrency) of every server of the app. Serve it on the liveness listener
 * (`new LivenessListener({ port, metrics })`) or on a port of its own (`metrics.serve({ port })`).
 */
import type { App } from '../app/app.js';
import { PrometheusMetrics, type PrometheusMetricsOptions } from '../instrumentation/prometheus-metrics.js';
import { Server } from './server.js';

/** Collects the app's metrics for Prometheus; returns the exporter. */
export function enableMetrics(app: App, options: PrometheusMetricsOptions = {}): PrometheusMetrics {
  const metrics = new PrometheusMetrics(options).attach(app.monitor);
  Server.use(app, (server) => metrics.observe(server));
  return metrics;
}
