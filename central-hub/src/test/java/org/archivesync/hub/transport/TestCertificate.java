package org.archivesync.hub.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A self-signed certificate for {@code localhost}, made for one test run by the running JDK's {@code keytool} under
 * {@code target/} (no private key is committed), as the operator makes one (README, Production): a PKCS12 keystore,
 * and the same key and certificate as PEM files.
 *
 * @param dir the directory holding the files; never null
 * @param keystore the PKCS12 keystore, alias {@code hub}, password {@link #PASSWORD}; never null
 * @param certificatePem the certificate as PEM; never null
 * @param privateKeyPem the private key as unencrypted PKCS#8 PEM; never null
 */
record TestCertificate(Path dir, Path keystore, Path certificatePem, Path privateKeyPem) {

    static final String PASSWORD = "test-keystore-secret";

    static TestCertificate generate() {
        return generate("CN=localhost", "SAN=DNS:localhost,IP:127.0.0.1");
    }

    /** A certificate for {@code dnsName} only (not for localhost), as the province's CA would issue one. */
    static TestCertificate generateFor(String dnsName) {
        return generate("CN=" + dnsName, "SAN=DNS:" + dnsName);
    }

    private static TestCertificate generate(String dname, String san) {
        Path dir = Path.of("target", "tls", UUID.randomUUID().toString()).toAbsolutePath();
        Path keystore = dir.resolve("hub.p12");
        try {
            Files.createDirectories(dir);
            Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                    "-genkeypair", "-alias", "hub", "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2",
                    "-dname", dname, "-ext", san, "-storetype", "PKCS12",
                    "-keystore", keystore.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD)
                    .redirectErrorStream(true).start();
            String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (keytool.waitFor() != 0) {
                throw new IllegalStateException("keytool failed: " + output);
            }
            KeyStore store = load(keystore);
            PrivateKey key = (PrivateKey) store.getKey("hub", PASSWORD.toCharArray());
            Path certificatePem = Files.writeString(dir.resolve("hub.crt"),
                    pem("CERTIFICATE", store.getCertificate("hub").getEncoded()));
            Path privateKeyPem = Files.writeString(dir.resolve("hub.key"), pem("PRIVATE KEY", key.getEncoded()));
            return new TestCertificate(dir, keystore, certificatePem, privateKeyPem);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client context that trusts this certificate and nothing else. */
    SSLContext trustingClient() throws GeneralSecurityException, IOException {
        Certificate certificate = load(keystore).getCertificate("hub");
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("hub", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static KeyStore load(Path keystore) throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        return store;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
