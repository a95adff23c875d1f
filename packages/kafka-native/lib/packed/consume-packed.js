/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * KafkaConsumer#consumePacked(maxMessages, timeoutMs, cb): up to `maxMessages`
 * messages in one native call, as one packed batch (see layout.js). Waits up to
 * `timeoutMs` for the first message, then keeps taking messages while each
 * next one is ready within 1 ms. `cb(err, batch)`, where batch is
 *   { count, rows: Float64Array, headerRows: Float64Array, bytes: Buffer,
 *     topics: string[], eofs: [{ topic, partition, offset }],
 *     errors: LibrdKafkaError[] (each with topic and partition when known) }
 * An error of a partition ends the batch and is returned in `errors`, next to
 * the messages taken before it; `err` is set only when the consumer is not
 * connected. Partition ends are returned, not emitted.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */
'use strict';

var KafkaConsumer = require('../kafka-consumer');
var LibrdKafkaError = require('../error');
var layout = require('./layout');

var NO_ROWS = new Float64Array(0);
var NO_BYTES = Buffer.alloc(0);

function toError(described) {
  var error = LibrdKafkaError.create(described);
  error.isFatal = described.isFatal;
  if (described.topic !== undefined) {
    error.topic = described.topic;
    error.partition = described.partition;
  }
  return error;
}

function toBatch(count, block, headerCount, topics, eofs, errors) {
  var rowDoubles = count * layout.ROW_FIELDS;
  return {
    count: count,
    rows: block === undefined ? NO_ROWS : new Float64Array(block, 0, rowDoubles),
    headerRows:
      block === undefined || headerCount === 0
        ? NO_ROWS
        : new Float64Array(block, rowDoubles * 8, headerCount * layout.HEADER_FIELDS),
    bytes: block === undefined ? NO_BYTES : Buffer.from(block),
    topics: topics,
    eofs: eofs,
    errors: errors.length === 0 ? errors : errors.map(toError),
  };
}

KafkaConsumer.prototype.consumePacked = function (maxMessages, timeoutMs, cb) {
  if (typeof cb !== 'function') {
    throw new TypeError('consumePacked needs a callback');
  }
  this._client.consumePacked(maxMessages, timeoutMs, function (err, count, block, headerCount, topics, eofs, errors) {
    if (err) {
      cb(LibrdKafkaError.create(err));
      return;
    }
    cb(null, toBatch(count, block, headerCount, topics, eofs, errors));
  });
};

module.exports = layout;
