/**
 * karafka-ts public API. Only re-exports: nothing inside src/ imports this file.
 */
export { App, type AppOptions } from './app/app.js';
export { APP_STATES, type AppState } from './app/app-status.js';
export { BaseConsumer, type ConsumerAction } from './consumer/base-consumer.js';
export { MessageConsumer } from './consumer/message-consumer.js';
export type { WorkersControl } from './consumer/consumer-context.js';
export { ConfigurationError } from './config/config-error.js';
export type { Settings, SettingsInput } from './config/settings.js';
export { LISTENER_STATES, type ListenerState, type ListenerDump } from './connection/listener.js';
export type {
  AppStatePayload,
  ConsumerEventPayload,
  ErrorOccurredPayload,
  EventName,
  FilteredPayload,
  VirtualBatchPayload,
  EventPayloads,
  DeliveredPayload,
  ListenerPayload,
  RebalancePayload,
  WorkerPayload,
} from './instrumentation/events.js';
export { LoggerListener } from './instrumentation/logger-listener.js';
export {
  type Logger,
  type LogLevel,
  type LogFormat,
  LOG_LEVELS,
  LOG_FORMATS,
  createLogger,
} from './instrumentation/logger.js';
export { Monitor, type AnyEventHandler, type EventHandler } from './instrumentation/monitor.js';
export { Message } from './messages/message.js';
export { Messages, type BatchMetadata } from './messages/messages.js';
export { DeserializationError } from './messages/deserialization-error.js';
export type {
  BuiltInDeserializer,
  Deserializer,
  DeserializerFunction,
  DeserializerOutput,
} from './messages/deserializers.js';
export { AsynchronousSchemaError, PayloadValidationError } from './messages/payload-validation-error.js';
export type {
  SchemaOutput,
  StandardSchemaIssue,
  StandardSchemaProps,
  StandardSchemaResult,
  StandardSchemaV1,
} from './messages/standard-schema.js';
export type { ConsumerGroupBuilder, RouteSelection, RoutesBuilder, TopicsBuilder } from './routing/routes.js';
export { Routes } from './routing/routes.js';
export type { ConsumerClass, ConsumerStyle, PayloadConsumer } from './routing/consumer-feature.js';
export type { PayloadOptions, PayloadSchema, RoutePayload } from './routing/payload-feature.js';
export type { FilteringRouteOptions, ThrottleOptions, TopicFiltering } from './routing/filtering-feature.js';
export type { PeriodicTicksOptions, TopicPeriodic } from './routing/periodic-ticks-feature.js';
export type {
  DirectAssignmentOptions,
  DirectAssignmentSpec,
  SwarmPartitionRule,
  TopicDirectAssignmentSpec,
} from './routing/direct-assignment-feature.js';
export type { TopicPattern } from './routing/topic-pattern.js';
export type { PartitionFigures, PartitionInsights } from './instrumentation/partition-statistics.js';
export type {
  FilterAction,
  FilterContext,
  FilterFactory,
  FilterPauseFor,
  FilterPauseUntil,
  FilterSeek,
  FilterTarget,
  FilterVerdict,
  MessageFilter,
} from './routing/message-filter.js';
export type {
  DeadLetterQueueOptions,
  TopicConfigOptions,
  TopicOptions,
  VirtualDistribution,
  VirtualKey,
  VirtualPartitionsOptions,
} from './routing/topic-options.js';
export {
  Topic,
  type TopicDeadLetterQueue,
  type TopicDeclaration,
  type TopicPause,
  type TopicVirtualPartitions,
} from './routing/topic.js';
export { SubscriptionGroup } from './routing/subscription-group.js';
export { ConsumerGroup } from './routing/consumer-group.js';
export { Embedded } from './server/embedded.js';
export type { ExecutionMode } from './server/execution-mode.js';
export { ForcefulShutdownError, Server, type ServerOptions } from './server/server.js';
export { BrokersUnreachableError } from './kafka/health/brokers-unreachable-error.js';
export { MissingTopicsError } from './connection/missing-topics-error.js';
export type { ServerReport } from './server/diagnostics.js';
export type { JobsQueueStatistics } from './processing/jobs-queue.js';
export type { WorkerState } from './processing/workers-pool.js';

// The driver layer, for advanced use and for alternative client libraries.
export type {
  AdminDriver,
  AdminDriverOptions,
  NewTopicSpec,
  OffsetSpec,
  TopicDescription,
} from './kafka/admin-driver.js';
export type { ConsumerDriver, ConsumerDriverHooks, ConsumerDriverOptions } from './kafka/consumer-driver.js';
export { KafkaDriverError, KafkaErrorCodes } from './kafka/driver-error.js';
export { KafkaSecurityError, isSecurityError, type SecurityProblem } from './kafka/security/security-error.js';
export {
  OAuthBearerTokenError,
  type OAuthBearerOptions,
  type OAuthBearerProvider,
  type OAuthBearerRequest,
  type OAuthBearerToken,
} from './kafka/oauth-bearer.js';
export { rdkafkaDrivers, type KafkaDrivers } from './kafka/drivers.js';
export type { ProducerDriver, ProducerDriverOptions } from './kafka/producer-driver.js';
export type {
  DeliveryReport,
  FetchedRun,
  KafkaHeader,
  KafkaMessage,
  KafkaSettings,
  OutgoingMessage,
  PollResult,
  RebalanceEvent,
  RebalanceProtocol,
  TopicPartition,
  TopicPartitionOffset,
  Watermarks,
} from './kafka/types.js';
export { VERSION } from './version.js';
export {
  PrometheusMetrics,
  type JobsStatisticsSource,
  type PrometheusMetricsOptions,
} from './instrumentation/prometheus-metrics.js';
export type { MetricsEndpoint } from './instrumentation/vendors/health-server.js';
export { enableMetrics } from './server/server-metrics.js';
export { enableTracing } from './server/server-tracing.js';
export {
  KafkaTracing,
  TRACEPARENT,
  TRACESTATE,
  formatTraceparent,
  parseTraceparent,
  type KafkaTracingOptions,
  type TracedOutgoingMessage,
} from './instrumentation/tracing.js';
export { EVENTS_CHANNEL, eventChannelName, type EventWrapper } from './instrumentation/monitor.js';
export { batchMessagesOf, type MessageWithHeaders } from './instrumentation/batch-messages.js';
export { type PartitionAddress, type ServerPlugin } from './server/server.js';
export type { PartitionCommand, PartitionSeekTarget } from './connection/partition-commands.js';

// Producer and admin API.
export { Producer } from './producer/producer.js';
export {
  DEFAULT_MAX_PAYLOAD_SIZE,
  PRODUCER_KAFKA_DEFAULTS,
  ProducerOptionsError,
  type ProducerOptions,
} from './producer/options.js';
export type {
  DeliveryHandle,
  MessageReport,
  ProducerHeaders,
  ProducerMessage,
  ProducerMiddleware,
  ProducerStatus,
  TombstoneMessage,
} from './producer/types.js';
export {
  MessageValidationError,
  ProduceManyError,
  ProducerClosedError,
  TransactionalIdMissingError,
  TransactionFinishedError,
} from './producer/errors.js';
export { Middleware } from './producer/middleware.js';
export { Transaction } from './producer/transaction.js';
export {
  TransactionalProducerPool,
  TransactionalProducerPoolClosedError,
  transactionalIdFor,
  type PartitionOfProducer,
  type TransactionalProducerPoolOptions,
} from './producer/transactional-producer-pool.js';
export { PartitionProducerRevokedError } from './processing/partition-producers.js';
export { murmur2, partitionForKey } from './producer/murmur2.js';
export type {
  MessageAcknowledgedPayload,
  MessageProducedPayload,
  MessageProducedSyncPayload,
  MessagesProducedPayload,
  MessagesProducedSyncPayload,
  ProducerEventPayload,
  TransactionEndedPayload,
  TransactionOffsetsPayload,
  TransactionPayload,
} from './producer/events.js';
export { Admin } from './admin/admin.js';
export { AdminOptionsError, type AdminOptions } from './admin/options.js';
export { AdminArgumentError, ConsumerGroupActiveError, TopicNotFoundError } from './admin/errors.js';
export { Iterator } from './iterator/iterator.js';
export {
  IteratorOptionsError,
  type IteratorOptions,
  type IteratorStart,
  type IteratorTopics,
} from './iterator/iterator-options.js';
export type {
  ClusterInfo,
  CommittedOffset,
  CommittedOffsets,
  GroupSeekTargets,
  LagsWithOffsets,
  LagWithOffset,
  SeekTarget,
  TopicConfigChanges,
  TopicInfo,
} from './admin/types.js';
export type {
  BrokerDescription,
  ConfigChange,
  ConfigEntry,
  ConfigSource,
  GroupDescription,
  GroupMemberDescription,
  GroupState,
  PartitionDescription,
} from './kafka/admin-driver.js';
export type { DeliveryListener } from './kafka/producer-driver.js';

// Swarm mode, liveness endpoints and process health.
export { Supervisor, NODE_START_ALLOWANCE_MS, NODE_STOP_GRACE_MS, type SupervisorOptions } from './swarm/supervisor.js';
export { SwarmNode, ORPHANED_EXIT_CODE } from './swarm/node.js';
export { NodeProcess, type NodeExit } from './swarm/node-process.js';
export type { NodeReport } from './swarm/protocol.js';
export type { NodeStopReason, SwarmNodeStatus } from './swarm/events.js';
export { nodeInstanceId } from './swarm/static-membership.js';
export {
  SwarmLivenessListener,
  type SwarmLivenessListenerOptions,
  type SwarmLivenessReport,
} from './swarm/swarm-liveness-listener.js';
export {
  LivenessListener,
  type LivenessListenerOptions,
  type LivenessReport,
} from './instrumentation/vendors/liveness-listener.js';
export {
  EventLoopMonitor,
  type EventLoopBlockedPayload,
  type EventLoopDelay,
  type EventLoopMonitorOptions,
} from './instrumentation/event-loop-monitor.js';
export {
  HEALTH_CODES,
  ProcessContext,
  processContext,
  type HealthCheck,
  type HealthProblem,
} from './instrumentation/process-context.js';
// Scheduled messages.
export {
  ScheduleArgumentError,
  ScheduledMessages,
  enableScheduledMessages,
  scheduledMessagesOf,
  type PendingSchedule,
  type ScheduleReceipt,
  type ScheduleRequest,
  type ScheduledMessagesOptions,
} from './scheduling/scheduled-messages.js';
export type { ScheduledMessageInput } from './scheduling/scheduled-message-format.js';
export type { InternalTopic } from './scheduling/internal-topic.js';
export type { OwnedPartitionPayload } from './scheduling/events.js';
// Recurring tasks.
export {
  RecurringTaskError,
  RecurringTasks,
  enableRecurringTasks,
  recurringTasksOf,
  type RecurringTasksOptions,
  type TaskOptions,
  type TaskStatus,
} from './scheduling/recurring-tasks.js';
export type { TaskRun } from './scheduling/task-leader.js';
export type { RunTrigger, TaskLogRecord } from './scheduling/task-records.js';
export type { TaskScheduleInput } from './scheduling/task-schedule.js';
export { CronExpression, CronExpressionError } from './scheduling/cron-expression.js';
