package org.archivesync.hub.bundles;

import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The operator's upload of a USB bundle: {@code POST /api/bundles}, either the ZIP as the body
 * ({@code application/zip} or {@code application/octet-stream}) or a form field {@code file}
 * ({@code multipart/form-data}). 200 with what was applied and skipped; 422 when the bundle is refused.
 */
@RestController
class BundleController {

    private final BundleImport bundles;

    BundleController(BundleImport bundles) {
        this.bundles = bundles;
    }

    @PostMapping(path = "/api/bundles", consumes = {"application/zip", MediaType.APPLICATION_OCTET_STREAM_VALUE})
    BundleImportReport upload(InputStream body, @RequestParam(defaultValue = "upload") String name) {
        return bundles.importBundle(body, name);
    }

    @PostMapping(path = "/api/bundles", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    BundleImportReport uploadForm(@RequestPart("file") MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return bundles.importBundle(in, String.valueOf(file.getOriginalFilename()));
        }
    }
}
