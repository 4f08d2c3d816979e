#!/usr/bin/env bash
# One-shot service "kafka-topics" of docker-compose.yml: creates every topic of the platform
# (platform-events Topics.ALL, listed in KAFKA_TOPICS) with KAFKA_TOPIC_PARTITIONS partitions, once the broker is
# healthy. Topics that exist are left as they are.
set -euo pipefail

: "${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP is not set}"
: "${KAFKA_TOPICS:?KAFKA_TOPICS is not set}"
: "${KAFKA_TOPIC_PARTITIONS:=3}"

IFS=',' read -r -a topics <<< "$KAFKA_TOPICS"
for topic in "${topics[@]}"; do
    /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP" --create --if-not-exists \
        --topic "$topic" --partitions "$KAFKA_TOPIC_PARTITIONS" --replication-factor 1
done
echo "kafka-topics: topics on $KAFKA_BOOTSTRAP:"
/opt/kafka/bin/kafka-topics.sh --bootstrap-server "$KAFKA_BOOTSTRAP" --list
