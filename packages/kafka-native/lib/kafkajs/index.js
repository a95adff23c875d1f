/**
 * Namespace for promifisied, async Kafka client API.
 * @namespace KafkaJS
 */
module.exports = require("./_kafka");
