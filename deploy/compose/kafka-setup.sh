#!/bin/sh
# Topics, SCRAM-SHA-512 users, ACLs and quotas of the compose broker. Idempotent: runs on every `docker compose up`.
# Mirrors deploy/k8s/topics.yaml and deploy/k8s/users.yaml (whose ACLs KafkaSecurityTest checks on a real broker);
# change them together. An office's topic, user, ACLs and quota follow deploy/.../OfficeAccess.java, the one
# definition of an office's access (OfficeAccessTest compares the office function below with it).
#
# Offices: one line per office in $AGENTS_FILE, "<site code> <password>", e.g.
#   CM.CAINUOC.UBND 9tQ2...   (its user is agent- + the site code in lower case, '.' and '_' as '-')
# Each office gets its own topic archive.site-events.<site code>, which only its user may write.
# OFFICE_PRODUCER_BYTE_RATE: each office's produce quota in bytes/s (default 1048576, 1 MiB/s).
set -eu

B=127.0.0.1:9091
BIN=/opt/kafka/bin

topic() { # name partitions cleanup.policy [extra config ...]
  name="$1" partitions="$2" policy="$3"
  shift 3
  extra=""
  for c in "$@"; do extra="$extra --config $c"; done
  # shellcheck disable=SC2086 # one word per --config
  "$BIN/kafka-topics.sh" --bootstrap-server "$B" --create --if-not-exists --topic "$name" --partitions "$partitions" \
    --replication-factor 1 --config "cleanup.policy=$policy" $extra
}

user() { # name password
  "$BIN/kafka-configs.sh" --bootstrap-server "$B" --alter --entity-type users --entity-name "$1" \
    --add-config "SCRAM-SHA-512=[iterations=8192,password=$2]"
}

allow() { # principal, then kafka-acls resource and operation options
  p="$1"; shift
  "$BIN/kafka-acls.sh" --bootstrap-server "$B" --add --allow-principal "User:$p" "$@" > /dev/null
}

topic archive.site-cursors 6 compact
topic archive.catalogue.files 6 compact
topic archive.site-progress 3 compact
topic archive.alerts 1 delete retention.ms=7776000000
topic _schemas 1 compact

user archive-sync-hub "$HUB_KAFKA_PASSWORD"
# Every office's topic, by prefix (the trailing dot keeps it to the offices' topics); the hub subscribes by pattern.
allow archive-sync-hub --topic archive.site-events. --resource-pattern-type prefixed --operation Read --operation Describe
allow archive-sync-hub --group archive-sync-hub --resource-pattern-type prefixed --operation Read --operation Describe
for t in archive.site-cursors archive.catalogue.files archive.site-progress archive.alerts; do
  allow archive-sync-hub --topic "$t" --operation Write --operation Describe
done

user schema-registry "$SCHEMA_REGISTRY_KAFKA_PASSWORD"
allow schema-registry --topic _schemas --operation Read --operation Write --operation Describe --operation DescribeConfigs
allow schema-registry --group schema-registry --resource-pattern-type prefixed --operation Read --operation Describe

office() { # site-code password: the office's topic, user, ACLs and quota (OfficeAccess.java)
  site="$1"
  name="agent-$(echo "$site" | tr 'A-Z._' 'a-z--')"
  topic "archive.site-events.$site" 1 delete retention.ms=-1 retention.bytes=-1 message.timestamp.type=LogAppendTime
  user "$name" "$2"
  allow "$name" --topic "archive.site-events.$site" --operation Write --operation Describe
  allow "$name" --topic archive.site-cursors --operation Read --operation Describe
  allow "$name" --group "archive-sync-agent.$site" --operation Read
  "$BIN/kafka-configs.sh" --bootstrap-server "$B" --alter --entity-type users --entity-name "$name" \
    --add-config "producer_byte_rate=${OFFICE_PRODUCER_BYTE_RATE:-1048576}" > /dev/null
}

offices=0
if [ -f "$AGENTS_FILE" ]; then
  while read -r site password; do
    case "$site" in ''|'#'*) continue ;; esac
    office "$site" "$password"
    offices=$((offices + 1))
  done < "$AGENTS_FILE"
fi
echo "kafka-setup: topics, hub, schema registry and $offices office(s) ready"
