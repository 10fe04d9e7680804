package org.archivesync.hub.transport;

import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Collections;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.springframework.boot.ssl.SslBundle;

/**
 * The hub calling itself over HTTPS (its embedded schema registry): a TLS client that accepts exactly the certificate
 * the hub serves and nothing else. Whatever name the certificate was issued for (the one operators use), the hub can
 * reach itself on loopback; any other server, or another certificate on the same port, is refused.
 */
public final class OwnCertificate {

    private OwnCertificate() {
    }

    /**
     * Where the hub's own client must go when the hub serves HTTPS: {@code url} turned into {@code https} when it names
     * the hub itself over plain HTTP (a loopback host on the hub's port), else null (leave it as it is).
     *
     * @param url the configured registry URL (never null)
     * @param serverPort the port the hub listens on
     */
    public static URI selfOverHttps(URI url, int serverPort) {
        if (!"http".equalsIgnoreCase(url.getScheme()) || url.getPort() != serverPort || serverPort <= 0) {
            return null;
        }
        String host = url.getHost();
        if (host == null || !(host.equals("localhost") || host.equals("127.0.0.1") || host.equals("[::1]")
                || host.equals("::1"))) {
            return null;
        }
        return URI.create("https" + url.toString().substring(url.getScheme().length()));
    }

    /**
     * A TLS context trusting only the certificate of the hub's key in {@code bundle}.
     *
     * @throws IllegalStateException when the bundle holds no certificate (the hub could not serve HTTPS either)
     */
    public static SSLContext pinnedTo(SslBundle bundle) {
        try {
            KeyStore store = bundle.getStores().getKeyStore();
            X509Certificate own = null;
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate c) {
                    own = c;
                    break;
                }
            }
            if (own == null) {
                throw new IllegalStateException("the hub's SSL bundle holds no certificate");
            }
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Pinned(own)}, null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot build a TLS client for the hub's own certificate", e);
        }
    }

    /** Accepts a server whose leaf certificate is exactly the pinned one. */
    private static final class Pinned extends X509ExtendedTrustManager {
        private final X509Certificate pinned;
        private final byte[] encoded;

        Pinned(X509Certificate pinned) throws GeneralSecurityException {
            this.pinned = pinned;
            this.encoded = pinned.getEncoded();
        }

        private void check(X509Certificate[] chain) throws CertificateException {
            if (chain == null || chain.length == 0 || !Arrays.equals(chain[0].getEncoded(), encoded)) {
                throw new CertificateException("not the hub's own certificate");
            }
            chain[0].checkValidity();
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a client of the hub's own registry trusts no client");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[] {pinned};
        }
    }
}
