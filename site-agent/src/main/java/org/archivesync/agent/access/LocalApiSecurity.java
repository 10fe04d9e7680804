package org.archivesync.agent.access;

import java.nio.file.Path;
import java.time.Clock;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.store.AgentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.security.web.session.DisableEncodeUrlFilter;

/**
 * Who may use the agent's HTTP API (REST and actuator alike): every request passes the {@link LocalRequestFilter}
 * (Host, Origin, the retired clerk header), then is authenticated by the API token ({@code Authorization: Bearer},
 * the local administrator) or HTTP basic as an enabled local account. Recording a destruction needs the role
 * {@code OFFICE_HEAD} or the token. No session and no cookie: each request carries its credentials, so there is no
 * CSRF token to check (cross-site posts are refused by origin instead).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(ApiSettings.class)
class LocalApiSecurity {

    private static final Logger log = LoggerFactory.getLogger(LocalApiSecurity.class);

    static final String REALM = "archive-sync-agent";

    @Bean
    LocalAccounts localAccounts(AgentStore store, Clock clock) {
        return new LocalAccounts(store, clock);
    }

    @Bean
    UserDetailsService localAccountDetails(LocalAccounts accounts) {
        return new LocalAccountDetails(accounts);
    }

    @Bean
    PasswordEncoder passwordEncoder(LocalAccounts accounts) {
        return accounts.encoder();
    }

    @Bean
    SecurityFilterChain localApi(HttpSecurity http, ApiSettings settings, AgentStore store) throws Exception {
        Path tokenFile = settings.tokenFile().isBlank() ? store.file().toAbsolutePath().resolveSibling("api-token")
                : Path.of(settings.tokenFile());
        ApiToken token = ApiToken.loadOrCreate(tokenFile);
        AuthenticationEntryPoint unauthenticated = (request, response, e) -> {
            String auth = request.getHeader("Authorization");
            String scheme = auth == null ? "none" : auth.regionMatches(true, 0, "Bearer ", 0, 7) ? "bearer"
                    : auth.regionMatches(true, 0, "Basic ", 0, 6) ? "basic" : "other";
            log.warn("local api request refused reason=unauthenticated status=401 method={} path={} scheme={} remote={}",
                    request.getMethod(), ProblemResponses.loggable(request.getRequestURI()), scheme,
                    request.getRemoteAddr());
            response.setHeader("WWW-Authenticate", "Basic realm=\"" + REALM + "\", charset=\"UTF-8\"");
            ProblemResponses.write(request, response, 401, "problem.unauthenticated", "web.unauthenticated");
        };
        AccessDeniedHandler forbidden = (request, response, e) -> {
            log.warn("local api request refused reason=forbidden status=403 method={} path={} account={} remote={}",
                    request.getMethod(), ProblemResponses.loggable(request.getRequestURI()),
                    request.getUserPrincipal() == null ? "-" : request.getUserPrincipal().getName(),
                    request.getRemoteAddr());
            ProblemResponses.write(request, response, 403, "problem.forbidden", "web.forbidden");
        };
        http.csrf(c -> c.disable())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .httpBasic(b -> b.realmName(REALM).authenticationEntryPoint(unauthenticated))
                .exceptionHandling(e -> e.authenticationEntryPoint(unauthenticated).accessDeniedHandler(forbidden))
                .authorizeHttpRequests(a -> {
                    // The commands the catalogue reserves for the office head (a destruction), at their endpoints;
                    // the batch endpoint checks the same for each command it carries.
                    for (CommandCatalogue command : CommandCatalogue.offered()) {
                        if (command.officeHeadOnly()) {
                            a.requestMatchers(HttpMethod.valueOf(command.httpMethod()), "/api" + command.path())
                                    .hasAnyRole("OFFICE_HEAD", "LOCAL_ADMIN");
                        }
                    }
                    a.anyRequest().authenticated();
                })
                .addFilterBefore(new LocalRequestFilter(settings.extraHosts()), DisableEncodeUrlFilter.class)
                .addFilterBefore(new ApiTokenFilter(token, settings.tokenAccount(), unauthenticated),
                        BasicAuthenticationFilter.class);
        return http.build();
    }
}
