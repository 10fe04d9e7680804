package org.archivesync.hub.security;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The second factor (RFC 6238 one-time codes).
 *
 * @param requiredForOperators when true, an operator without a confirmed second factor may only set one up: the
 *                             console sends every other page to the Account page and the API refuses them (401)
 * @param issuer the name authenticator apps show above the account, e.g. {@code archive-sync Cà Mau}
 */
@Validated
@ConfigurationProperties("archive-sync.hub.security.totp")
record TotpProperties(@DefaultValue("false") boolean requiredForOperators,
                      @DefaultValue("archive-sync") @NotBlank String issuer) {
}
