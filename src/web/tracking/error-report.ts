/**
 * Turns an `error.occurred` payload into the small record the errors topic keeps: type, class, message, stack
 * (bounded), and where it happened.
 */
import type { ErrorOccurredPayload } from '../../instrumentation/events.js';
import { type ErrorReport, SCHEMA_VERSION } from '../report.js';

const MAX_MESSAGE = 4_000;
const MAX_STACK = 16_000;

function bounded(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}... (${String(text.length - max)} more characters)`;
}

/** The errors-topic record of `payload`, reported by process `processId` of app `processName`. */
export function errorReport(payload: ErrorOccurredPayload, processId: string, processName: string): ErrorReport {
  const error = payload.error;
  const isError = error instanceof Error;
  const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
  const int = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);
  const consumerGroup = str(payload.consumerGroup);
  const topic = str(payload.topic);
  const partition = int(payload.partition);
  const offset = int(payload.offset) ?? int(payload.firstOffset);
  return {
    schema: SCHEMA_VERSION,
    type: 'error',
    processId,
    processName,
    errorType: payload.type,
    errorClass: isError ? error.name : typeof error,
    message: bounded(isError ? error.message : String(error), MAX_MESSAGE),
    ...(isError && error.stack !== undefined ? { stack: bounded(error.stack, MAX_STACK) } : {}),
    ...(consumerGroup === undefined ? {} : { consumerGroup }),
    ...(topic === undefined ? {} : { topic }),
    ...(partition === undefined ? {} : { partition }),
    ...(offset === undefined ? {} : { offset }),
    occurredAt: Date.now(),
  };
}
