/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * KafkaConsumer.prototype.consumePacked(maxMessages, timeoutMs, callback)
 * takes up to maxMessages messages from the consumer queue in one libuv pool
 * job (librdkafka's rd_kafka_consume_batch_queue) and hands them to JS as one
 * packed block (see packed-batch.h). It runs on the same librdkafka handle as
 * every other method of the consumer, under the same connection lock as
 * consume(), so a disconnect waits for it.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */

#ifndef SRC_PACKED_CONSUME_PACKED_H_
#define SRC_PACKED_CONSUME_PACKED_H_

#include <nan.h>

#include <cstdint>

#include "src/kafka-consumer.h"
#include "src/packed/packed-batch.h"

namespace NodeKafka {
namespace Packed {

/** The largest batch one call may ask for. */
constexpr uint32_t kMaxBatch = 1000000;

/** One consumePacked call: consumes on a pool thread, returns on the main thread. */
class ConsumePackedWorker : public Nan::AsyncWorker {
 public:
  ConsumePackedWorker(Nan::Callback *done, KafkaConsumer *consumer,
                      uint32_t max_messages, int timeout_ms);
  ~ConsumePackedWorker() override = default;

  void Execute() override;
  void HandleOKCallback() override;
  void HandleErrorCallback() override;

 private:
  void Consume(rd_kafka_t *rk, rd_kafka_queue_t *queue);

  KafkaConsumer *m_consumer;
  uint32_t m_max_messages;
  int m_timeout_ms;
  PackedBatch m_batch;
};

/** Adds consumePacked to the KafkaConsumer prototype. */
void AddConsumerMethods(v8::Local<v8::FunctionTemplate> tpl);

}  // namespace Packed
}  // namespace NodeKafka

#endif  // SRC_PACKED_CONSUME_PACKED_H_
