package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.access.hierarchicalroles.RoleHierarchy;
import org.springframework.security.access.hierarchicalroles.RoleHierarchyImpl;
import org.springframework.security.authorization.AuthorizationEventPublisher;
import org.springframework.security.authorization.SpringAuthorizationEventPublisher;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.RequestMatcherDelegatingAccessDeniedHandler;
import org.springframework.security.web.authentication.www.BasicAuthenticationEntryPoint;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

import java.util.LinkedHashMap;

/**
 * Who may do what. One filter chain serves the console (form login, session, CSRF on every form) and the REST API
 * (HTTP basic with the same users; a request that carries its own Authorization header is not CSRF-checked, one that
 * rides a console session is). Left open: sign-in, static files, health and Prometheus and a site's enrollment (it
 * proves itself with its one-time token). The schema registry endpoint {@code /registry/**} has a chain of its own,
 * ahead of this one ({@code hub.registry.RegistrySecurity}): reads open by default, writes for operators only.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
class SecurityConfiguration {

    /** Exports an archivist may download (GET), and the console page of the campaign report. */
    static final String[] EXPORTS = {"/api/fonds/*/file-list.xlsx", "/api/handovers/*/file-list.xlsx",
            "/api/handovers/*/minutes.pdf", "/api/destructions/*/record.pdf", "/api/campaigns/*/report.xlsx",
            "/api/campaigns/*/report.pdf", "/reports"};

    private final JdbcClient jdbc;
    private final Clock clock;

    /** Uses the application's Clock bean when there is one (tests move it), else the system clock in UTC. */
    SecurityConfiguration(JdbcClient jdbc, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    /** Only in a web application: a hub started without a web server (a benchmark, a worker) has no HTTP to guard. */
    @Bean
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    SecurityFilterChain securityFilterChain(HttpSecurity http, SignInConfiguration.SignIn signIn) throws Exception {
        RequestMatcher api = PathPatternRequestMatcher.withDefaults().matcher("/api/**");
        RequestMatcher apiWithCredentials = request -> api.matches(request) && request.getHeader("Authorization") != null;
        var basic = new BasicAuthenticationEntryPoint();
        basic.setRealmName("archive-sync");
        basic.afterPropertiesSet();
        var denied = new LinkedHashMap<RequestMatcher, AccessDeniedHandler>();
        denied.put(api, new AccessDeniedHandlerImpl());
        var consoleDenied = new AccessDeniedHandlerImpl();
        consoleDenied.setErrorPage("/denied");
        http.authorizeHttpRequests(a -> a
                        .requestMatchers("/login", "/denied", "/error", "/css/**", "/js/**", "/webjars/**",
                                "/favicon.ico").permitAll()
                        // The code step of a sign-in; SecondStep checks that the session waits for it.
                        .requestMatchers("/login/code").permitAll()
                        .requestMatchers("/actuator/health", "/actuator/health/**", "/actuator/info",
                                "/actuator/prometheus").permitAll()
                        .requestMatchers(HttpMethod.POST, "/api/enrollment").permitAll()
                        .requestMatchers(HttpMethod.GET, EXPORTS).hasRole(Role.ARCHIVIST.name())
                        .requestMatchers(HttpMethod.GET, "/api/**", "/v3/api-docs", "/v3/api-docs/**")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers("/api/**", "/audit", "/users", "/users/**", "/actuator/**")
                        .hasRole(Role.OPERATOR.name())
                        // Every signed-in user changes their own password and sets up their second factor.
                        .requestMatchers(HttpMethod.POST, "/account/password", "/account/second-factor")
                        .hasRole(Role.VIEWER.name())
                        .requestMatchers(HttpMethod.GET, "/**").hasRole(Role.VIEWER.name())
                        // Console forms change something: operators only.
                        .anyRequest().hasRole(Role.OPERATOR.name()))
                .formLogin(f -> f.loginPage("/login").failureUrl("/login?error").defaultSuccessUrl("/", false).permitAll())
                .httpBasic(b -> b.authenticationEntryPoint(basic))
                .logout(l -> l.logoutSuccessUrl("/login?logout").permitAll())
                .exceptionHandling(e -> e.defaultAuthenticationEntryPointFor(basic, api)
                        .accessDeniedHandler(new RequestMatcherDelegatingAccessDeniedHandler(denied, consoleDenied)))
                .csrf(c -> c.ignoringRequestMatchers(apiWithCredentials,
                        PathPatternRequestMatcher.withDefaults().matcher("/registry/**"),
                        PathPatternRequestMatcher.withDefaults().matcher(HttpMethod.POST, "/api/enrollment")))
                .headers(h -> h.frameOptions(f -> f.deny()));
        // Throttling, second factor and the end of sessions (SignInConfiguration).
        signIn.apply(http, basic);
        return http.build();
    }

    /** OPERATOR includes ARCHIVIST, which includes VIEWER. */
    @Bean
    static RoleHierarchy roleHierarchy() {
        return RoleHierarchyImpl.withDefaultRolePrefix()
                .role(Role.OPERATOR.name()).implies(Role.ARCHIVIST.name())
                .role(Role.ARCHIVIST.name()).implies(Role.VIEWER.name())
                .build();
    }

    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }

    @Bean
    Users users(PasswordEncoder encoder, SecurityProperties properties) {
        return new Users(jdbc, encoder, clock, properties.minPasswordLength());
    }

    @Bean
    Audit audit() {
        return new Audit(jdbc, clock);
    }

    /** Denied requests are published as events, so the audit log sees what a signed-in user was refused. */
    @Bean
    AuthorizationEventPublisher authorizationEventPublisher(ApplicationEventPublisher publisher) {
        return new SpringAuthorizationEventPublisher(publisher);
    }

    @Bean
    AuditListener auditListener(Audit audit) {
        return new AuditListener(audit);
    }

    @Bean
    ApplicationRunner initialOperator(Users users, SecurityProperties properties) {
        return new InitialOperator(users, properties.initialOperator());
    }

    @Bean
    ApplicationRunner createUserCommand(Users users) {
        return new CreateUserCommand(users);
    }

    /** Every change, export, refusal through the console or the API is audited by the one {@link Audit}. */
    @Bean
    WebMvcConfigurer auditedRequests(Audit audit) {
        AuditInterceptor interceptor = new AuditInterceptor(audit);
        return new WebMvcConfigurer() {
            @Override
            public void addInterceptors(InterceptorRegistry registry) {
                registry.addInterceptor(interceptor)
                        // /error renders the answer to a request already audited.
                        .excludePathPatterns("/registry/**", "/actuator/**", "/error");
            }
        };
    }

    /** The client's address as the audit log keeps it. */
    static String remote(HttpServletRequest request) {
        return request == null ? null : request.getRemoteAddr();
    }
}
