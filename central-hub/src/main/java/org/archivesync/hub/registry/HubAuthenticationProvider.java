package org.archivesync.hub.registry;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Signs in the hub's own registry client ({@link HubRegistryCredential}), from a loopback address only. Any other
 * name is left to the hub's users (returns null).
 */
class HubAuthenticationProvider implements AuthenticationProvider {

    private final HubRegistryCredential credential;

    HubAuthenticationProvider(HubRegistryCredential credential) {
        this.credential = credential;
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        if (!HubRegistryCredential.USERNAME.equals(authentication.getName())) {
            return null;
        }
        String remote = authentication.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
        Object password = authentication.getCredentials();
        if (!HubRegistryCredential.isLoopbackAddress(remote)
                || !credential.matches(authentication.getName(), password == null ? null : password.toString())) {
            throw new BadCredentialsException("the hub's registry credential is accepted only from the hub itself");
        }
        return UsernamePasswordAuthenticationToken.authenticated(HubRegistryCredential.USERNAME, null,
                List.of(new SimpleGrantedAuthority("ROLE_" + RegistrySecurity.HUB_ROLE)));
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
