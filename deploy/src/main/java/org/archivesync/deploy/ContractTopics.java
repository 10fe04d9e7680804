package org.archivesync.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The hub's topics of docs/contracts.md with their cleanup policies. The broker never creates topics on its own
 * ({@code auto.create.topics.enable=false}), so the local stack creates them here; production declares the same
 * topics as Strimzi {@code KafkaTopic}s (deploy/k8s/topics.yaml). The offices' topics,
 * {@code archive.site-events.<siteCode>}, are not here: the local stack's hub creates each when its site is created,
 * production declares each with the office's user ({@link OfficeAccess}).
 */
final class ContractTopics {

    static final String SITE_CURSORS = "archive.site-cursors";
    static final String CATALOGUE_FILES = "archive.catalogue.files";
    static final String SITE_PROGRESS = "archive.site-progress";
    static final String ALERTS = "archive.alerts";

    static final Map<String, Map<String, String>> CONFIGS = Map.of(
            SITE_CURSORS, Map.of("cleanup.policy", "compact"),
            CATALOGUE_FILES, Map.of("cleanup.policy", "compact"),
            SITE_PROGRESS, Map.of("cleanup.policy", "compact"),
            ALERTS, Map.of("cleanup.policy", "delete"));

    static final List<String> ALL = List.of(SITE_CURSORS, CATALOGUE_FILES, SITE_PROGRESS, ALERTS);

    private ContractTopics() {
    }

    /**
     * Creates every contract topic that does not exist yet; existing ones are left as they are.
     *
     * @return the topics this call created (empty when all existed)
     */
    static List<String> create(Admin admin, int partitions) {
        List<String> created = new ArrayList<>();
        for (String topic : ALL) {
            NewTopic t = new NewTopic(topic, partitions, (short) 1).configs(CONFIGS.get(topic));
            try {
                admin.createTopics(List.of(t)).all().get(30, TimeUnit.SECONDS);
                created.add(topic);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new LocalKafkaException("cannot create topic " + topic + ": " + e.getCause(), e.getCause());
                }
            } catch (TimeoutException e) {
                throw new LocalKafkaException("creating topic " + topic + " timed out", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LocalKafkaException("interrupted while creating topic " + topic, e);
            }
        }
        return created;
    }
}
