package org.archivesync.hub.ingest;

import java.util.Collection;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.kafka.clients.admin.NewTopic;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteCreated;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteKeyEnrolled;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.core.KafkaAdmin;

/**
 * Creates each site's topic, {@code <prefix>.<siteCode>}: when an operator creates the site, again when its agent
 * enrolls, and for every known site when the hub starts. Creating is idempotent (an existing topic is left as it is),
 * so a broker that was down at one of these moments only delays the topic to the next. Agents have no CREATE right:
 * the hub decides what an office's topic looks like ({@link SiteEventTopics#TOPIC_CONFIGS}: one partition, since one
 * office's events are one ordered stream; kept forever, since the hub rebuilds from it; the broker's time on each
 * record, so an office clock that runs ahead cannot block it). It works on a thread of its own, so that a broker that is
 * down never holds up an operator creating a site.
 */
class SiteTopics implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SiteTopics.class);

    private final KafkaAdmin admin;
    private final SiteDirectory sites;
    private final String prefix;
    private final short replicas;
    private final boolean enabled;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "archive-sync-site-topics");
        t.setDaemon(true);
        return t;
    });

    /**
     * @param enabled false when topics are not the hub's to create ({@code spring.kafka.admin.auto-create=false})
     */
    SiteTopics(KafkaAdmin admin, SiteDirectory sites, String prefix, short replicas, boolean enabled) {
        this.admin = admin;
        this.sites = sites;
        this.prefix = prefix;
        this.replicas = replicas;
        this.enabled = enabled;
    }

    @EventListener(ApplicationReadyEvent.class)
    void everySite() {
        create(sites.sites().stream().map(Site::siteCode).toList());
    }

    @EventListener
    void created(SiteCreated event) {
        create(List.of(event.siteCode()));
    }

    @EventListener
    void enrolled(SiteKeyEnrolled event) {
        create(List.of(event.siteCode()));
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    private void create(Collection<String> siteCodes) {
        if (!enabled || siteCodes.isEmpty()) {
            return;
        }
        executor.execute(() -> createNow(siteCodes));
    }

    private void createNow(Collection<String> siteCodes) {
        NewTopic[] topics = siteCodes.stream().map(this::topic).toArray(NewTopic[]::new);
        try {
            admin.createOrModifyTopics(topics);
            log.debug("site topics ensured count={}", topics.length);
        } catch (RuntimeException e) {
            // Not an error for a person: the next site creation, enrollment or hub start tries again.
            log.warn("site topics not created count={} first={} error={}", topics.length, topics[0].name(),
                    e.toString());
        }
    }

    private NewTopic topic(String siteCode) {
        return new NewTopic(SiteEventTopics.topic(prefix, siteCode), 1, replicas).configs(SiteEventTopics.TOPIC_CONFIGS);
    }
}
