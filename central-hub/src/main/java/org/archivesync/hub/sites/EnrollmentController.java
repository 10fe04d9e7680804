package org.archivesync.hub.sites;

import java.net.URI;
import org.archivesync.schemas.integrity.SiteKey;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** The agent's side of enrollment: the one-time token is its credential, so this stays outside {@code /api/sites}. */
@RestController
class EnrollmentController {

    record Enrollment(String siteCode, String token, String publicKey) {
    }

    record Enrolled(String siteCode, String keyId) {
    }

    private final SiteDirectory directory;

    EnrollmentController(SiteDirectory directory) {
        this.directory = directory;
    }

    @PostMapping("/api/enrollment")
    ResponseEntity<Enrolled> enroll(@RequestBody Enrollment request) {
        SiteKey key = directory.enroll(request.siteCode(), request.token(), request.publicKey());
        return ResponseEntity.created(URI.create("/api/sites/" + key.siteCode()))
                .body(new Enrolled(key.siteCode(), key.keyId()));
    }
}
