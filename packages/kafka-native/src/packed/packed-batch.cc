/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */

#include "src/packed/packed-batch.h"

#include <cstdlib>
#include <cstring>

namespace NodeKafka {
namespace Packed {

namespace {

/** Walks the headers of a message (none when it has none). */
template <typename Visit>
void ForEachHeader(rd_kafka_message_t *message, Visit visit) {
  rd_kafka_headers_t *headers = nullptr;
  if (rd_kafka_message_headers(message, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR ||
      headers == nullptr) {
    return;
  }
  const char *name = nullptr;
  const void *value = nullptr;
  size_t size = 0;
  for (size_t i = 0;
       rd_kafka_header_get_all(headers, i, &name, &value, &size) ==
       RD_KAFKA_RESP_ERR_NO_ERROR;
       i++) {
    visit(name, value, size);
  }
}

double Length(const void *pointer, size_t length) {
  return pointer == nullptr ? -1.0 : static_cast<double>(length);
}

size_t CopyBytes(char *block, size_t at, const void *pointer, size_t length) {
  if (pointer != nullptr && length > 0) std::memcpy(block + at, pointer, length);
  return at + (pointer == nullptr ? 0 : length);
}

}  // namespace

PackedBatch::~PackedBatch() {
  DestroyMessages();
  std::free(m_block);
}

void PackedBatch::DestroyMessages() {
  for (rd_kafka_message_t *message : m_messages) rd_kafka_message_destroy(message);
  m_messages.clear();
}

bool PackedBatch::Add(rd_kafka_t *rk, rd_kafka_message_t *message) {
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    m_messages.push_back(message);
    return true;
  }

  const char *topic =
      message->rkt == nullptr ? "" : rd_kafka_topic_name(message->rkt);
  if (message->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
    m_eofs.push_back(PartitionEof{topic, message->partition, message->offset});
    rd_kafka_message_destroy(message);
    return true;
  }

  ConsumeError error;
  error.code = message->err;
  const char *text = rd_kafka_message_errstr(message);
  error.message = text == nullptr ? rd_kafka_err2str(message->err) : text;
  error.topic = topic;
  error.partition = message->partition;
  error.fatal = message->err == RD_KAFKA_RESP_ERR__FATAL;
  if (error.fatal) {
    // The message only says "fatal": the client keeps the error that made it so.
    char reason[512];
    rd_kafka_resp_err_t cause = rd_kafka_fatal_error(rk, reason, sizeof(reason));
    if (cause != RD_KAFKA_RESP_ERR_NO_ERROR) {
      error.code = cause;
      error.message = reason;
    }
  }
  m_errors.push_back(error);
  rd_kafka_message_destroy(message);
  return false;
}

void PackedBatch::Fail(rd_kafka_resp_err_t code, const std::string &message,
                       bool fatal) {
  ConsumeError error;
  error.code = code;
  error.message = message;
  error.partition = -1;
  error.fatal = fatal;
  m_errors.push_back(error);
}

uint32_t PackedBatch::TopicIndex(const rd_kafka_message_t *message) {
  // Few topics per batch: a linear look-up by handle, then by name.
  for (const TopicHandle &known : m_topic_handles) {
    if (known.handle == message->rkt) return known.index;
  }
  const char *name = rd_kafka_topic_name(message->rkt);
  uint32_t index = 0;
  while (index < m_topics.size() && m_topics[index] != name) index++;
  if (index == m_topics.size()) m_topics.emplace_back(name);
  m_topic_handles.push_back(TopicHandle{message->rkt, index});
  return index;
}

bool PackedBatch::Pack() {
  m_count = static_cast<uint32_t>(m_messages.size());
  if (m_count == 0) return true;

  // First pass: how many header rows and data bytes.
  size_t headers = 0;
  size_t bytes = 0;
  for (rd_kafka_message_t *message : m_messages) {
    if (message->key != nullptr) bytes += message->key_len;
    if (message->payload != nullptr) bytes += message->len;
    ForEachHeader(message, [&](const char *name, const void *value, size_t size) {
      headers++;
      bytes += std::strlen(name);
      if (value != nullptr) bytes += size;
    });
  }

  const size_t rows_size = sizeof(double) * kRowFields * m_count;
  const size_t headers_size = sizeof(double) * kHeaderFields * headers;
  const size_t total = rows_size + headers_size + bytes;
  char *block = static_cast<char *>(std::malloc(total));
  if (block == nullptr) {
    // The messages are gone from the client's queue: only a new client
    // (restarting from the committed offsets) can read them again.
    Fail(RD_KAFKA_RESP_ERR__FAIL,
         "Out of memory packing " + std::to_string(m_count) +
             " consumed messages (" + std::to_string(total) + " bytes)",
         true);
    DestroyMessages();
    m_count = 0;
    return false;
  }

  double *rows = reinterpret_cast<double *>(block);
  double *header_rows = reinterpret_cast<double *>(block + rows_size);
  size_t at = rows_size + headers_size;
  size_t header = 0;
  for (uint32_t i = 0; i < m_count; i++) {
    rd_kafka_message_t *message = m_messages[i];
    double *row = rows + static_cast<size_t>(i) * kRowFields;
    rd_kafka_timestamp_type_t type;
    row[kOffset] = static_cast<double>(message->offset);
    row[kTimestamp] = static_cast<double>(rd_kafka_message_timestamp(message, &type));
    row[kPartition] = message->partition;
    row[kTopicIndex] = TopicIndex(message);
    row[kDataStart] = static_cast<double>(at);
    row[kKeyLength] = Length(message->key, message->key_len);
    row[kValueLength] = Length(message->payload, message->len);
    row[kLeaderEpoch] = rd_kafka_message_leader_epoch(message);
    at = CopyBytes(block, at, message->key, message->key_len);
    at = CopyBytes(block, at, message->payload, message->len);
    const size_t first = header;
    ForEachHeader(message, [&](const char *name, const void *value, size_t size) {
      double *header_row = header_rows + header * kHeaderFields;
      const size_t name_length = std::strlen(name);
      header_row[kNameStart] = static_cast<double>(at);
      header_row[kNameLength] = static_cast<double>(name_length);
      at = CopyBytes(block, at, name, name_length);
      header_row[kHeaderValueStart] = static_cast<double>(at);
      header_row[kHeaderValueLength] = Length(value, size);
      at = CopyBytes(block, at, value, size);
      header++;
    });
    row[kHeaderStart] = static_cast<double>(first);
    row[kHeaderCount] = static_cast<double>(header - first);
  }

  DestroyMessages();
  m_block = block;
  m_block_size = total;
  m_header_count = static_cast<uint32_t>(header);
  return true;
}

char *PackedBatch::ReleaseBlock() {
  char *block = m_block;
  m_block = nullptr;
  return block;
}

}  // namespace Packed
}  // namespace NodeKafka
