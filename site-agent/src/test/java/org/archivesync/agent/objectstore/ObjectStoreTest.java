package org.archivesync.agent.objectstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

class ObjectStoreTest {

    final Path dir = TestPaths.directory("objects");
    final Path root = dir.resolve("store");

    Path source(int bytes) throws IOException {
        byte[] data = new byte[bytes];
        new Random(bytes).nextBytes(data);
        return Files.write(dir.resolve("scan-" + bytes + ".pdf"), data);
    }

    static byte[] sha256(Path file) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
    }

    List<Path> incoming() throws IOException {
        Path incoming = root.resolve(LocalFolderObjectStore.INCOMING);
        if (!Files.exists(incoming)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(incoming)) {
            return files.toList();
        }
    }

    @Test
    void aLocalCopyIsVerifiedAgainstTheHashItsKeyCameFromAndStoredUnderThatKey() throws Exception {
        Path source = source(3 * 1024 * 1024 + 17);
        ObjectStore store = ObjectStore.local(root);
        byte[] sha = ObjectStore.sha256(source);
        String key = "PHONG.CN/HS-01/" + HexFormat.of().formatHex(sha) + ".pdf";

        StoredObject stored = store.put(source, "application/pdf", key, sha);

        byte[] expected = sha256(source);
        assertThat(sha).isEqualTo(expected);
        assertThat(stored.sha256()).isEqualTo(expected);
        assertThat(stored.sizeBytes()).isEqualTo(Files.size(source));
        assertThat(stored.key()).isEqualTo(key);
        Path copy = root.resolve(stored.key());
        assertThat(Files.mismatch(copy, source)).isEqualTo(-1);
        assertThat(incoming()).isEmpty();
        store.delete(stored.key());
        assertThat(copy).doesNotExist();
    }

    @Test
    void aCopyThatDoesNotMatchTheHashIsRefusedAndNotKept() throws Exception {
        ObjectStore store = ObjectStore.local(root);
        Path source = source(50_000);
        byte[] sha = ObjectStore.sha256(source);
        // The source changed after it was hashed (a scanner still writing), as a failing disk would change the copy.
        byte[] bytes = Files.readAllBytes(source);
        bytes[100] ^= 1;
        Files.write(source, bytes);

        assertThatThrownBy(() -> store.put(source, "application/pdf", "PHONG.CN/HS-01/x.pdf", sha))
                .isInstanceOf(CopyVerificationException.class);

        assertThat(root.resolve("PHONG.CN/HS-01/x.pdf")).doesNotExist();
        assertThat(incoming()).isEmpty();
    }

    @Test
    void keysStayInsideTheStore() throws Exception {
        ObjectStore store = ObjectStore.local(root);
        Path source = source(10);
        byte[] sha = ObjectStore.sha256(source);
        for (String bad : List.of("../x.pdf", "/etc/x.pdf", "a//b.pdf", "a/./b.pdf", ".incoming/x.part", "C:\\x.pdf", "")) {
            assertThatThrownBy(() -> store.put(source, "application/pdf", bad, sha)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(incoming()).isEmpty();
    }

    @Test
    void partialCopiesLeftByACrashAreCleared() throws Exception {
        Path part = Files.createDirectories(root.resolve(LocalFolderObjectStore.INCOMING)).resolve("dead.part");
        Files.write(part, new byte[] {1});

        ObjectStore.local(root).clearIncomplete();

        assertThat(part).doesNotExist();
    }

    @Test
    void s3KeysArePrefixedAndChecked() {
        try (S3Client client = S3ObjectStore.client(URI.create("http://127.0.0.1:9"), "us-east-1", true, "key", "secret")) {
            S3ObjectStore plain = new S3ObjectStore(client, "luu-tru", null);
            S3ObjectStore prefixed = new S3ObjectStore(client, "luu-tru", "/CM.CAINUOC.UBND/scans/");

            assertThat(plain.s3Key("PHONG.CN/HS-01/ab.pdf")).isEqualTo("PHONG.CN/HS-01/ab.pdf");
            assertThat(prefixed.s3Key("PHONG.CN/HS-01/ab.pdf")).isEqualTo("CM.CAINUOC.UBND/scans/PHONG.CN/HS-01/ab.pdf");
            assertThat(prefixed.describe()).isEqualTo("s3://luu-tru/CM.CAINUOC.UBND/scans/");
            assertThat(S3ObjectStore.normalisePrefix("  ")).isEmpty();
            assertThat(S3ObjectStore.normalisePrefix("site")).isEqualTo("site/");
            assertThatThrownBy(() -> prefixed.s3Key("../other-site/x.pdf")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> S3ObjectStore.normalisePrefix("a/../b")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> new S3ObjectStore(client, " ", null)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
