package org.archivesync.hub.registry;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The credential the hub's own registry client writes to the embedded registry with (the contract's schemas at start,
 * the outbound topics' schemas, a bundle's writer schema). Made at start, held in memory only, never stored or logged;
 * the embedded registry accepts it only from a loopback address, and the hub's client sends it only to a loopback URL.
 * A hub that uses another registry sets {@code archive-sync.hub.ingest.schema-registry-user-info} instead.
 */
public final class HubRegistryCredential {

    /** The principal's name: it starts with '_', which no hub user's name may, so no user can take it. */
    public static final String USERNAME = "_archive-sync-hub";

    private final String password;

    HubRegistryCredential(SecureRandom random) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        this.password = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Confluent's {@code basic.auth.user.info} for a client of this hub's registry at {@code url}.
     *
     * @param url the registry URL the client will call (never null)
     * @return {@code user:password}, or null when {@code url} is not a loopback address: the credential never leaves
     *         the machine
     */
    public String userInfoFor(URI url) {
        return isLoopbackHost(url.getHost()) ? USERNAME + ":" + password : null;
    }

    /** Whether the pair is this credential, compared in constant time. Both may be null (then false). */
    boolean matches(String username, String candidate) {
        return USERNAME.equals(username) && candidate != null
                && MessageDigest.isEqual(password.getBytes(StandardCharsets.UTF_8), candidate.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether {@code address} (a literal IP, as a servlet's remote address; may be null) is a loopback one. */
    static boolean isLoopbackAddress(String address) {
        if (address == null || address.isBlank() || !(address.indexOf(':') >= 0 || Character.isDigit(address.charAt(0)))) {
            return false;  // only literals: a name would cost a DNS lookup and could lie
        }
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    private static boolean isLoopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        return bare.equalsIgnoreCase("localhost") || isLoopbackAddress(bare);
    }

    @Override
    public String toString() {
        return "HubRegistryCredential[" + USERNAME + ", password hidden]";
    }
}
