/*
 * confluent-kafka-javascript - Node.js wrapper  for RdKafka C/C++ library
 *
 * Copyright (c) 2016-2023 Blizzard Entertainment
 *
 * This software may be modified and distributed under the terms
 * of the MIT license.  See the LICENSE.txt file for details.
 */

#ifndef SRC_BINDING_H_
#define SRC_BINDING_H_

#include <nan.h>
#include <string>
#include "rdkafkacpp.h" // NOLINT
#include "src/common.h"
#include "src/errors.h"
#include "src/config.h"
#include "src/connection.h"
#include "src/kafka-consumer.h"
#include "src/producer.h"
#include "src/topic.h"
#include "src/admin.h"

#endif  // SRC_BINDING_H_
