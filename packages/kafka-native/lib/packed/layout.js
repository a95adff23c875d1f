/*
 * karafka-ts fork of confluent-kafka-javascript: packed batch consume.
 *
 * The layout of a packed batch, as src/packed/packed-batch.h writes it. A batch
 * is one ArrayBuffer:
 *   rows:        count x ROW_FIELDS doubles, one row per message
 *   header rows: headerCount x HEADER_FIELDS doubles
 *   bytes:       keys, values, header names and header values
 * Every start in a row is a byte offset from the start of the ArrayBuffer.
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */
'use strict';

module.exports = Object.freeze({
  /** Doubles per message row. */
  ROW_FIELDS: 10,
  /** Row fields. */
  OFFSET: 0,
  TIMESTAMP: 1,
  PARTITION: 2,
  /** Index into the batch's `topics`. */
  TOPIC_INDEX: 3,
  /** Where the key starts; the value follows the key. */
  DATA_START: 4,
  /** -1 for a null key. */
  KEY_LENGTH: 5,
  /** -1 for a null value (a tombstone). */
  VALUE_LENGTH: 6,
  /** -1 when unknown. */
  LEADER_EPOCH: 7,
  /** Index of the message's first header row. */
  HEADER_START: 8,
  HEADER_COUNT: 9,

  /** Doubles per header row. */
  HEADER_FIELDS: 4,
  /** Header row fields. */
  NAME_START: 0,
  NAME_LENGTH: 1,
  HEADER_VALUE_START: 2,
  /** -1 for a null header value. */
  HEADER_VALUE_LENGTH: 3,
});
