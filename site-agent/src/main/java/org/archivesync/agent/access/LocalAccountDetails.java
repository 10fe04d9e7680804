package org.archivesync.agent.access;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;

/**
 * The local accounts as Spring Security users, for HTTP basic today and the agent's web sign-in later. The user name
 * is the stored one, so {@code recordedBy} is the same whatever case the clerk typed.
 */
final class LocalAccountDetails implements UserDetailsService {

    private final LocalAccounts accounts;

    LocalAccountDetails(LocalAccounts accounts) {
        this.accounts = accounts;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        LocalAccounts.Stored stored = accounts.find(username)
                .orElseThrow(() -> new UsernameNotFoundException("no such local account"));
        return User.withUsername(stored.account().username()).password(stored.passwordHash())
                .roles(stored.account().role().name()).disabled(!stored.account().enabled()).build();
    }
}
