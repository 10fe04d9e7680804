package org.archivesync.agent.access;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the local HTTP API's access rules, under {@code archive-sync.agent.api}.
 *
 * @param tokenFile the API token file; blank means {@code api-token} beside the SQLite store
 * @param tokenAccount the name a request with the API token records as ({@code recordedBy})
 * @param extraHosts host names (no port) accepted in the {@code Host} header besides 127.0.0.1, localhost and [::1],
 *                   for an administrator who puts the API behind a front on another name; each must be on this
 *                   machine, since any name listed here is trusted against DNS rebinding
 */
@Validated
@ConfigurationProperties("archive-sync.agent.api")
record ApiSettings(@DefaultValue("") String tokenFile,
                   @NotNull @Pattern(regexp = "[A-Za-z0-9._-]{1,64}") @DefaultValue("local-admin") String tokenAccount,
                   @DefaultValue({}) List<@Pattern(regexp = "[A-Za-z0-9.-]{1,253}") String> extraHosts) {

    ApiSettings {
        extraHosts = extraHosts == null ? List.of() : List.copyOf(extraHosts);
    }
}
