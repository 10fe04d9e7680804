package org.archivesync.hub.registry;

import jakarta.servlet.http.HttpServletRequest;
import java.security.SecureRandom;
import java.util.List;
import org.archivesync.hub.security.ApiSignIn;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.security.Role;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may use the embedded registry, in a filter chain of its own ahead of the hub's: HTTP basic with the hub's users
 * through the REST API's sign-in ({@link ApiSignIn}: throttling, lockout, second factor), or the hub's own
 * {@link HubRegistryCredential}; no session, no cookie, so no CSRF.
 * <ul>
 *   <li>Reads (GET, and the POSTs that only look: a lookup {@code POST /subjects/{s}} and compatibility tests) are
 *       open to anyone by default, Confluent's convention; with {@code read-access: authenticated} they need a hub
 *       user of any role.</li>
 *   <li>Everything else (register, {@code PUT /config}, and methods the endpoint does not serve, such as DELETE or
 *       {@code PUT /mode}) needs an OPERATOR, or the hub itself. Offices never write: the hub registers the
 *       contract's schemas at start.</li>
 * </ul>
 * Refusals answer Confluent's error body: 401 with {@code error_code} 40101 and a basic challenge, 403 with 40301,
 * 413 with 413 for a body over {@code max-request-size} (read no further). Writes that pass are audited with their
 * status; a signed-in user's refusal is audited by the security package's listener; an anonymous refusal is logged.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "archive-sync.hub.registry.enabled", havingValue = "true", matchIfMissing = true)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
class RegistrySecurity {

    /** The hub's own principal; granted to nobody else. */
    static final String HUB_ROLE = "REGISTRY_HUB";

    private static final PathPatternRequestMatcher.Builder PATHS = PathPatternRequestMatcher.withDefaults();

    /** Requests that change nothing: any GET or HEAD, a lookup and a compatibility test. */
    static final RequestMatcher READS = new OrRequestMatcher(List.of(
            PATHS.matcher(HttpMethod.GET, "/registry/**"),
            PATHS.matcher(HttpMethod.HEAD, "/registry/**"),
            PATHS.matcher(HttpMethod.POST, "/registry/subjects/*"),
            PATHS.matcher(HttpMethod.POST, "/registry/compatibility/**")));

    @Bean
    @Order(1)
    SecurityFilterChain registryFilterChain(HttpSecurity http, RegistryProperties properties, ApiSignIn signIn,
                                            HubRegistryCredential hub, Audit audit,
                                            ObjectProvider<AuthenticationEventPublisher> events) throws Exception {
        var json = JsonMapper.builder().build();
        // The hub's own credential first; every other name signs in as on the REST API (throttled, audited, TOTP).
        var authentication = new ProviderManager(List.of(new HubAuthenticationProvider(hub)), signIn.manager());
        events.ifAvailable(authentication::setAuthenticationEventPublisher);
        var refusals = new RegistryRefusals(json);
        boolean open = properties.readAccess() == RegistryProperties.ReadAccess.OPEN;
        http.securityMatcher("/registry", "/registry/**")
                .authorizeHttpRequests(a -> {
                    var reads = a.requestMatchers(READS);
                    if (open) {
                        reads.permitAll();
                    } else {
                        reads.hasAnyRole(Role.VIEWER.name(), HUB_ROLE);
                    }
                    a.anyRequest().hasAnyRole(Role.OPERATOR.name(), HUB_ROLE);
                })
                .authenticationManager(authentication)
                .httpBasic(b -> {
                    b.authenticationEntryPoint(refusals);
                    signIn.details(b);
                })
                .exceptionHandling(e -> e.authenticationEntryPoint(refusals).accessDeniedHandler(refusals))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                // Basic credentials on every request and no session: nothing for a forged cross-site request to ride.
                .csrf(c -> c.disable())
                .addFilterAfter(new RegistryWriteAudit(audit), AuthorizationFilter.class)
                .addFilterAfter(new BodySizeLimit(properties.maxRequestSize().toBytes(), refusals), RegistryWriteAudit.class);
        return http.build();
    }

    @Bean
    HubRegistryCredential hubRegistryCredential() {
        return new HubRegistryCredential(new SecureRandom());
    }

    static boolean isWrite(HttpServletRequest request) {
        return !READS.matches(request);
    }
}
