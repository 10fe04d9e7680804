package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.kafka.common.internals.Topic;
import org.junit.jupiter.api.Test;

class SiteEventTopicsTest {

    @Test
    void siteTopicIsThePrefixAndTheSiteCode() {
        assertThat(SiteEventTopics.topic("archive.site-events", "CM.CAINUOC.UBND"))
                .isEqualTo("archive.site-events.CM.CAINUOC.UBND");
    }

    @Test
    void siteOfATopicIsWhatFollowsThePrefix() {
        assertThat(SiteEventTopics.siteOf("archive.site-events", "archive.site-events.CM.CAINUOC.UBND"))
                .contains("CM.CAINUOC.UBND");
        assertThat(SiteEventTopics.siteOf("archive.site-events", "archive.site-events")).isEmpty();
        assertThat(SiteEventTopics.siteOf("archive.site-events", "archive.site-events.")).isEmpty();
        assertThat(SiteEventTopics.siteOf("archive.site-events", "archive.site-cursors")).isEmpty();
    }

    @Test
    void patternMatchesEverySiteTopicAndNothingElse() {
        var pattern = SiteEventTopics.pattern("archive.site-events");
        assertThat(pattern.matcher("archive.site-events.CM.CAINUOC.UBND").matches()).isTrue();
        assertThat(pattern.matcher("archive.site-events").matches()).isFalse();
        assertThat(pattern.matcher("archive.site-eventsX.CM").matches()).isFalse();
        assertThat(pattern.matcher("archiveXsite-events.CM").matches()).isFalse();
        assertThat(pattern.matcher("archive.site-cursors").matches()).isFalse();
    }

    @Test
    void everySiteCodeTheHubAcceptsIsALegalTopicName() {
        // The hub's rule: [A-Z0-9][A-Z0-9._-]{1,63}. The longest such code still fits Kafka's 249 characters.
        String longest = "C".repeat(64);
        String topic = SiteEventTopics.topic(SiteEventTopics.DEFAULT_PREFIX, longest);
        Topic.validate(topic);
        Topic.validate(SiteEventTopics.topic(SiteEventTopics.DEFAULT_PREFIX, "CM.CAINUOC.UBND"));
        Topic.validate(SiteEventTopics.topic(SiteEventTopics.DEFAULT_PREFIX, "CM_TVT-01"));
    }

    @Test
    void siteCodeThatCannotNameATopicIsRefused() {
        assertThatThrownBy(() -> SiteEventTopics.topic("archive.site-events", "CM/CAINUOC"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteEventTopics.topic("archive.site-events", "Cà Mau"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteEventTopics.topic("archive.site-events", "C".repeat(240)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SiteEventTopics.topic("archive.site-events", ""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void codesDifferingOnlyInDotAndUnderscoreCollide() {
        assertThat(SiteEventTopics.collisionKey("CM.CAI_NUOC")).isEqualTo(SiteEventTopics.collisionKey("CM_CAI.NUOC"));
        assertThat(Topic.hasCollision("archive.site-events.CM.CAI_NUOC", "archive.site-events.CM_CAI.NUOC")).isTrue();
    }

    @Test
    void everyOfficeSharesOneValueSubject() {
        assertThat(SiteEventTopics.valueSubject("archive.site-events")).isEqualTo("archive.site-events-value");
    }
}
