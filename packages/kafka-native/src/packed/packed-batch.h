/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * A batch of consumed messages laid out in one allocation, built on a libuv
 * pool thread without touching V8:
 *
 *   [rows: count x kRowFields doubles]
 *   [header rows: header_count x kHeaderFields doubles]
 *   [bytes: keys, values, header names and header values]
 *
 * Every position in a row is a byte offset from the start of the block, so JS
 * slices keys and values out of the one Buffer that wraps the block. The
 * layout constants are mirrored in lib/packed/layout.js.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */

#ifndef SRC_PACKED_PACKED_BATCH_H_
#define SRC_PACKED_PACKED_BATCH_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "rdkafka.h"  // NOLINT

namespace NodeKafka {
namespace Packed {

/** Fields of one message row. */
enum RowField {
  kOffset = 0,
  kTimestamp = 1,
  kPartition = 2,
  kTopicIndex = 3,
  kDataStart = 4,    // key bytes start here, the value follows the key
  kKeyLength = 5,    // -1: null key
  kValueLength = 6,  // -1: null value (tombstone)
  kLeaderEpoch = 7,  // -1: unknown
  kHeaderStart = 8,  // index of the message's first header row
  kHeaderCount = 9,
  kRowFields = 10
};

/** Fields of one header row. */
enum HeaderField {
  kNameStart = 0,
  kNameLength = 1,
  kHeaderValueStart = 2,
  kHeaderValueLength = 3,  // -1: null value
  kHeaderFields = 4
};

/** A partition that reached its end. */
struct PartitionEof {
  std::string topic;
  int32_t partition;
  int64_t offset;
};

/** A consumer error delivered in place of a message. */
struct ConsumeError {
  rd_kafka_resp_err_t code;
  std::string message;
  std::string topic;  // empty when the error is not about a partition
  int32_t partition;
  bool fatal;
};

/**
 * Collects consumed messages and packs them. Takes ownership of every message
 * it is given and destroys it (on the thread that calls Pack or the
 * destructor), so librdkafka's fetch buffers are released as soon as the
 * bytes are copied.
 */
class PackedBatch {
 public:
  PackedBatch() = default;
  ~PackedBatch();
  PackedBatch(const PackedBatch &) = delete;
  PackedBatch &operator=(const PackedBatch &) = delete;

  /**
   * Takes one message from librdkafka: a message is kept for packing, an
   * end-of-partition or an error is recorded. Returns false for an error that
   * should end the batch.
   */
  bool Add(rd_kafka_t *rk, rd_kafka_message_t *message);

  /** Records an error that did not come as a message (the batch ends). */
  void Fail(rd_kafka_resp_err_t code, const std::string &message, bool fatal);

  /** Data messages taken so far. */
  size_t MessageCount() const { return m_messages.size(); }

  /**
   * Copies every kept message into one block and destroys the messages.
   * Returns false when the block cannot be allocated (an error is recorded).
   */
  bool Pack();

  /**
   * The packed block (malloc'd; nullptr when no message was packed). The
   * caller takes ownership and frees it with free().
   */
  char *ReleaseBlock();

  size_t BlockSize() const { return m_block_size; }
  uint32_t Count() const { return m_count; }
  uint32_t HeaderCount() const { return m_header_count; }
  const std::vector<std::string> &Topics() const { return m_topics; }
  const std::vector<PartitionEof> &Eofs() const { return m_eofs; }
  const std::vector<ConsumeError> &Errors() const { return m_errors; }

 private:
  uint32_t TopicIndex(const rd_kafka_message_t *message);
  void DestroyMessages();

  std::vector<rd_kafka_message_t *> m_messages;
  std::vector<std::string> m_topics;
  struct TopicHandle {
    const rd_kafka_topic_t *handle;
    uint32_t index;
  };
  std::vector<TopicHandle> m_topic_handles;
  std::vector<PartitionEof> m_eofs;
  std::vector<ConsumeError> m_errors;
  char *m_block = nullptr;
  size_t m_block_size = 0;
  uint32_t m_count = 0;
  uint32_t m_header_count = 0;
};

}  // namespace Packed
}  // namespace NodeKafka

#endif  // SRC_PACKED_PACKED_BATCH_H_
