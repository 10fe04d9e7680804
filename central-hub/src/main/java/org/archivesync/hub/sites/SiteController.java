package org.archivesync.hub.sites;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's side of enrollment: sites, their tokens and keys. Reads need VIEWER; creating a site or a token and
 * revoking a key need OPERATOR (hub.security: every non-GET {@code /api/**}). A revocation is audited twice: the
 * request (status) and {@code REVOKE-KEY} with the key and its last valid sequence.
 */
@RestController
@RequestMapping("/api/sites")
class SiteController {

    record NewSite(String siteCode, String name, String unitCode, String role) {
    }

    record SiteWithKeys(String siteCode, String name, String unitCode, SiteRole role, Instant createdAt,
                        List<EnrolledKey> keys) {
    }

    /** The body of a revocation; {@code validThroughSequence} null for the site's applied sequence. */
    record Revocation(Long validThroughSequence) {
    }

    private final SiteDirectory directory;

    SiteController(SiteDirectory directory) {
        this.directory = directory;
    }

    @PostMapping
    ResponseEntity<Site> create(@RequestBody NewSite request) {
        Site site = directory.createSite(request.siteCode(), request.name(), request.unitCode(), role(request.role()));
        return ResponseEntity.created(URI.create("/api/sites/" + site.siteCode())).body(site);
    }

    @GetMapping
    List<Site> sites() {
        return directory.sites();
    }

    @GetMapping("/{siteCode}")
    SiteWithKeys site(@PathVariable String siteCode) {
        Site site = directory.site(siteCode).orElseThrow(() -> new UnknownSiteException(siteCode));
        return new SiteWithKeys(site.siteCode(), site.name(), site.unitCode(), site.role(), site.createdAt(),
                directory.keys(siteCode));
    }

    /** The token is shown once: no cache may keep it. */
    @PostMapping("/{siteCode}/enrollment-tokens")
    ResponseEntity<TokenAnswer> issueToken(@PathVariable String siteCode) {
        EnrollmentToken token = directory.issueToken(siteCode);
        return ResponseEntity.status(HttpStatus.CREATED).cacheControl(CacheControl.noStore())
                .body(new TokenAnswer(token.token(), token.expiresAt()));
    }

    /**
     * {@code POST /api/sites/{siteCode}/keys/{keyId}/revocation} {@code {"validThroughSequence": n}} (body optional):
     * the key signs nothing after that sequence (default: what is applied) and proves nothing about what is applied.
     * 200 with the key as revoked; 404 for an unknown site or key; 400 when it is revoked already or the sequence is
     * below the applied one.
     */
    @PostMapping("/{siteCode}/keys/{keyId}/revocation")
    EnrolledKey revoke(@PathVariable String siteCode, @PathVariable String keyId,
                       @RequestBody(required = false) Revocation body, Principal operator, HttpServletRequest request) {
        return directory.revoke(siteCode, keyId, body == null ? null : body.validThroughSequence(),
                operator.getName(), request.getRemoteAddr());
    }

    /** The JSON form of a token; {@link EnrollmentToken} hides the token from toString, not from the operator. */
    record TokenAnswer(String token, Instant expiresAt) {
    }

    private static SiteRole role(String role) {
        if (role == null || role.isBlank()) {
            throw new InvalidSiteFieldException("role", "a site needs a role");
        }
        try {
            return SiteRole.valueOf(role.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new InvalidSiteFieldException("role", "the role is one of DISTRICT_OFFICE, COMMUNE, DEPARTMENT,"
                    + " HISTORICAL_ARCHIVE", e);
        }
    }
}
