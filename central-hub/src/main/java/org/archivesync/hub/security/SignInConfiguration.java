package org.archivesync.hub.security;

import java.time.Clock;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.authentication.AuthenticationEventPublisher;
import org.springframework.security.authentication.DefaultAuthenticationEventPublisher;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.context.SecurityContextHolderFilter;

/** Sign-in throttling, the second factor and the end of sessions, applied to the one filter chain by {@link SignIn}. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SignInProperties.class, TotpProperties.class})
class SignInConfiguration {

    private final JdbcClient jdbc;
    private final Clock clock;

    /** Uses the application's Clock bean when there is one (tests move it), else the system clock in UTC. */
    SignInConfiguration(JdbcClient jdbc, ObjectProvider<Clock> clock) {
        this.jdbc = jdbc;
        this.clock = clock.getIfAvailable(Clock::systemUTC);
    }

    @Bean
    SignInThrottle signInThrottle(SignInProperties settings) {
        return new SignInThrottle(jdbc, clock, settings);
    }

    @Bean
    SecondFactor secondFactor(TotpProperties settings) {
        return new SecondFactor(jdbc, clock, settings);
    }

    @Bean
    SignInHandlers signInHandlers(MessageSource messages) {
        return new SignInHandlers(clock, messages);
    }

    @Bean
    SecondStep secondStep(SignInThrottle throttle, SecondFactor secondFactor, Audit audit, SignInHandlers handlers) {
        return new SecondStep(throttle, secondFactor, audit, handlers);
    }

    @Bean
    SignIn signIn(Users users, PasswordEncoder encoder, SignInThrottle throttle, SecondFactor secondFactor, Audit audit,
                  SignInHandlers handlers, SignInProperties signIn, TotpProperties totp,
                  ObjectProvider<AuthenticationEventPublisher> events, ApplicationEventPublisher publisher) {
        var manager = new ProviderManager(new SignInProvider(users, encoder, throttle, secondFactor, audit,
                totp.requiredForOperators()));
        manager.setAuthenticationEventPublisher(events.getIfAvailable(
                () -> new DefaultAuthenticationEventPublisher(publisher)));
        var guard = new SessionGuard(users, clock, signIn.sessionMaxAge(), totp.requiredForOperators());
        return new SignIn(manager, handlers, guard);
    }

    /** The same sign-in for the registry's chain ({@link ApiSignIn}). */
    @Bean
    ApiSignIn apiSignIn(SignIn signIn) {
        return new ApiSignIn(signIn.manager());
    }

    /** What {@link SecurityConfiguration} applies to its filter chain. */
    record SignIn(ProviderManager manager, SignInHandlers handlers, SessionGuard guard) {

        /**
         * Form and basic sign-in go through {@link SignInProvider}; sessions are checked by {@link SessionGuard}.
         *
         * @param basic the chain's basic challenge, kept for every failure but a lock or a missing code
         */
        void apply(HttpSecurity http, AuthenticationEntryPoint basic) throws Exception {
            http.authenticationManager(manager)
                    .addFilterAfter(guard, SecurityContextHolderFilter.class)
                    .formLogin(f -> f.authenticationDetailsSource(SignInDetails::form)
                            .successHandler(handlers.formSuccess()).failureHandler(handlers.formFailure()))
                    .httpBasic(b -> b.authenticationDetailsSource(SignInDetails::api)
                            .authenticationEntryPoint(handlers.apiFailure(basic)));
        }
    }
}
