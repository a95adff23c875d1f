/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */

#include "src/packed/consume-packed.h"

#include <chrono>
#include <climits>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace NodeKafka {
namespace Packed {

namespace {

using Clock = std::chrono::steady_clock;

/** Waits after the first message: the batch goes on while each next message comes within 1 ms. */
constexpr int kNextMessageWaitMs = 1;

void FreeBlock(void *data, size_t /* length */, void * /* deleter_data */) {
  std::free(data);
}

v8::Local<v8::String> Text(const std::string &value) {
  return Nan::New<v8::String>(value).ToLocalChecked();
}

void SetField(v8::Local<v8::Object> object, const char *name,
              v8::Local<v8::Value> value) {
  Nan::Set(object, Nan::New<v8::String>(name).ToLocalChecked(), value);
}

v8::Local<v8::Array> TopicsArray(const std::vector<std::string> &topics) {
  v8::Local<v8::Array> array = Nan::New<v8::Array>(static_cast<int>(topics.size()));
  for (size_t i = 0; i < topics.size(); i++) {
    Nan::Set(array, static_cast<uint32_t>(i), Text(topics[i]));
  }
  return array;
}

v8::Local<v8::Array> EofsArray(const std::vector<PartitionEof> &eofs) {
  v8::Local<v8::Array> array = Nan::New<v8::Array>(static_cast<int>(eofs.size()));
  for (size_t i = 0; i < eofs.size(); i++) {
    v8::Local<v8::Object> eof = Nan::New<v8::Object>();
    SetField(eof, "topic", Text(eofs[i].topic));
    SetField(eof, "partition", Nan::New<v8::Number>(eofs[i].partition));
    SetField(eof, "offset", Nan::New<v8::Number>(static_cast<double>(eofs[i].offset)));
    Nan::Set(array, static_cast<uint32_t>(i), eof);
  }
  return array;
}

v8::Local<v8::Array> ErrorsArray(const std::vector<ConsumeError> &errors) {
  v8::Local<v8::Array> array = Nan::New<v8::Array>(static_cast<int>(errors.size()));
  for (size_t i = 0; i < errors.size(); i++) {
    const ConsumeError &error = errors[i];
    v8::Local<v8::Object> object = Nan::New<v8::Object>();
    SetField(object, "message", Text(error.message));
    SetField(object, "code", Nan::New<v8::Number>(static_cast<int>(error.code)));
    SetField(object, "isFatal", Nan::New<v8::Boolean>(error.fatal));
    if (!error.topic.empty()) {
      SetField(object, "topic", Text(error.topic));
      SetField(object, "partition", Nan::New<v8::Number>(error.partition));
    }
    Nan::Set(array, static_cast<uint32_t>(i), object);
  }
  return array;
}

}  // namespace

ConsumePackedWorker::ConsumePackedWorker(Nan::Callback *done,
                                         KafkaConsumer *consumer,
                                         uint32_t max_messages, int timeout_ms)
    : Nan::AsyncWorker(done, "karafka:consumePacked"),
      m_consumer(consumer),
      m_max_messages(max_messages),
      m_timeout_ms(timeout_ms) {}

void ConsumePackedWorker::Execute() {
  if (!m_consumer->IsConnected()) {
    SetErrorMessage("KafkaConsumer is not connected");
    return;
  }
  // The same lock as consume(): a disconnect (write lock) waits for this batch.
  scoped_shared_read_lock lock(m_consumer->m_connection_lock);
  if (!m_consumer->IsConnected() || m_consumer->m_consumer == nullptr) {
    SetErrorMessage("KafkaConsumer is not connected");
    return;
  }
  rd_kafka_t *rk = m_consumer->m_consumer->c_ptr();
  rd_kafka_queue_t *queue = rd_kafka_queue_get_consumer(rk);
  if (queue == nullptr) {
    SetErrorMessage("KafkaConsumer has no consumer queue");
    return;
  }
  Consume(rk, queue);
  rd_kafka_queue_destroy(queue);
  m_batch.Pack();
}

/**
 * Takes what the queue holds without waiting; when it is empty, waits for one
 * message: up to the timeout before the first message of the batch, 1 ms
 * after it. Ends when the batch is full, a wait runs out, or an error came.
 */
void ConsumePackedWorker::Consume(rd_kafka_t *rk, rd_kafka_queue_t *queue) {
  std::vector<rd_kafka_message_t *> slots(m_max_messages);
  const Clock::time_point deadline =
      Clock::now() + std::chrono::milliseconds(m_timeout_ms);
  bool open = true;
  while (open && m_batch.MessageCount() < m_max_messages) {
    const size_t room = m_max_messages - m_batch.MessageCount();
    ssize_t taken = rd_kafka_consume_batch_queue(queue, 0, slots.data(), room);
    if (taken == 0) {
      int wait_ms = kNextMessageWaitMs;
      if (m_batch.MessageCount() == 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - Clock::now());
        if (left.count() <= 0) break;
        wait_ms = static_cast<int>(left.count());
      }
      taken = rd_kafka_consume_batch_queue(queue, wait_ms, slots.data(), 1);
      if (taken == 0) break;
    }
    if (taken < 0) {
      const rd_kafka_resp_err_t error = rd_kafka_last_error();
      m_batch.Fail(error, rd_kafka_err2str(error), false);
      break;
    }
    for (ssize_t i = 0; i < taken; i++) {
      // Every message is handed over (the batch owns it), even after an error.
      if (!m_batch.Add(rk, slots[static_cast<size_t>(i)])) open = false;
    }
  }
}

void ConsumePackedWorker::HandleOKCallback() {
  Nan::HandleScope scope;
  v8::Isolate *isolate = v8::Isolate::GetCurrent();

  v8::Local<v8::Value> block = Nan::Undefined();
  const size_t size = m_batch.BlockSize();
  char *data = m_batch.ReleaseBlock();
  if (data != nullptr) {
    // The block becomes the ArrayBuffer's memory (no copy); V8 frees it once
    // nothing in JS refers to it any more.
    std::unique_ptr<v8::BackingStore> store =
        v8::ArrayBuffer::NewBackingStore(data, size, FreeBlock, nullptr);
    block = v8::ArrayBuffer::New(isolate, std::move(store));
  }

  const unsigned int argc = 7;
  v8::Local<v8::Value> argv[argc] = {
      Nan::Null(),
      Nan::New<v8::Number>(m_batch.Count()),
      block,
      Nan::New<v8::Number>(m_batch.HeaderCount()),
      TopicsArray(m_batch.Topics()),
      EofsArray(m_batch.Eofs()),
      ErrorsArray(m_batch.Errors()),
  };
  callback->Call(argc, argv, async_resource);
}

void ConsumePackedWorker::HandleErrorCallback() {
  Nan::HandleScope scope;
  v8::Local<v8::Value> error = Nan::Error(ErrorMessage());
  SetField(error.As<v8::Object>(), "code",
           Nan::New<v8::Number>(static_cast<int>(RdKafka::ERR__STATE)));
  const unsigned int argc = 1;
  v8::Local<v8::Value> argv[argc] = {error};
  callback->Call(argc, argv, async_resource);
}

/** consumePacked(maxMessages, timeoutMs, callback) */
NAN_METHOD(NodeConsumePacked) {
  Nan::HandleScope scope;
  if (info.Length() < 3 || !info[0]->IsNumber() || !info[1]->IsNumber() ||
      !info[2]->IsFunction()) {
    return Nan::ThrowTypeError(
        "consumePacked(maxMessages: number, timeoutMs: number, callback)");
  }
  const double max_messages = Nan::To<double>(info[0]).FromJust();
  if (!(max_messages >= 1 && max_messages <= kMaxBatch) ||
      std::floor(max_messages) != max_messages) {
    return Nan::ThrowRangeError(
        ("maxMessages must be an integer from 1 to " + std::to_string(kMaxBatch))
            .c_str());
  }
  const double timeout_ms = Nan::To<double>(info[1]).FromJust();
  if (!(timeout_ms >= 0 && timeout_ms <= INT_MAX)) {
    return Nan::ThrowRangeError("timeoutMs must be a number from 0 to 2^31 - 1");
  }

  KafkaConsumer *consumer = Nan::ObjectWrap::Unwrap<KafkaConsumer>(info.This());
  Nan::Callback *callback = new Nan::Callback(info[2].As<v8::Function>());
  ConsumePackedWorker *worker = new ConsumePackedWorker(
      callback, consumer, static_cast<uint32_t>(max_messages),
      static_cast<int>(timeout_ms));
  // Keeps the JS consumer (and with it the native one) alive while the job runs.
  worker->SaveToPersistent("consumer", info.This());
  Nan::AsyncQueueWorker(worker);
  info.GetReturnValue().Set(Nan::Null());
}

void AddConsumerMethods(v8::Local<v8::FunctionTemplate> tpl) {
  Nan::SetPrototypeMethod(tpl, "consumePacked", NodeConsumePacked);
}

}  // namespace Packed
}  // namespace NodeKafka
