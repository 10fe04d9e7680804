package org.archivesync.agent.recording;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of recording, under {@code archive-sync.agent.recording}.
 *
 * @param clerk the account recorded as {@code recordedBy} when a request names none
 */
@Validated
@ConfigurationProperties("archive-sync.agent.recording")
record RecordingSettings(@NotBlank String clerk) {
}
