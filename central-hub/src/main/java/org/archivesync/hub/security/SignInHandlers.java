package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;
import org.springframework.security.web.authentication.AuthenticationSuccessHandler;
import org.springframework.security.web.authentication.SavedRequestAwareAuthenticationSuccessHandler;

/**
 * How sign-in answers: the console's form is sent on (to the page asked for, to the code step, or back to
 * {@code /login} with {@code error} or {@code locked=MINUTES}); an API call refused while locked gets {@code 429 Too
 * Many Requests} with {@code Retry-After} (the same answer for an account and an address, and for names that exist or
 * not), one lacking its second factor {@code 401} with a problem saying so; any other failure the basic challenge.
 */
class SignInHandlers {

    private final Clock clock;
    private final MessageSource messages;
    private final SavedRequestAwareAuthenticationSuccessHandler savedRequest =
            new SavedRequestAwareAuthenticationSuccessHandler();

    SignInHandlers(Clock clock, MessageSource messages) {
        this.clock = clock;
        this.messages = messages;
        savedRequest.setDefaultTargetUrl("/");
    }

    /** After the password: the session remembers its sign-in, then goes to the code step or where it was going. */
    AuthenticationSuccessHandler formSuccess() {
        return (request, response, authentication) -> {
            SignedInUser user = (SignedInUser) authentication.getPrincipal();
            SignedInSessions.start(request.getSession(), user.credentialsVersion(), clock.instant());
            if (secondStep(authentication)) {
                response.sendRedirect(request.getContextPath() + "/login/code");
            } else {
                savedRequest.onAuthenticationSuccess(request, response, authentication);
            }
        };
    }

    /** Where a complete sign-in goes: the page asked for before it, else the overview. */
    void signedIn(HttpServletRequest request, HttpServletResponse response, Authentication authentication)
            throws IOException, jakarta.servlet.ServletException {
        savedRequest.onAuthenticationSuccess(request, response, authentication);
    }

    AuthenticationFailureHandler formFailure() {
        return (request, response, exception) -> response.sendRedirect(request.getContextPath()
                + (exception instanceof SignInLockedException locked
                ? "/login?locked=" + minutes(locked.lock().until()) : "/login?error"));
    }

    /** The API's answer to a failed sign-in; {@code basic} answers the ordinary ones. */
    AuthenticationEntryPoint apiFailure(AuthenticationEntryPoint basic) {
        return (request, response, exception) -> {
            if (exception instanceof SignInLockedException locked) {
                long seconds = Math.max(1, (Duration.between(clock.instant(), locked.lock().until()).toMillis() + 999)
                        / 1000);
                response.setHeader("Retry-After", Long.toString(seconds));
                problem(request, response, 429, "problem.sign-in.locked", seconds);
            } else if (exception instanceof SecondFactorRequiredException) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"archive-sync\"");
                problem(request, response, 401, exception.getMessage(), SignInDetails.HEADER);
            } else {
                basic.commence(request, response, exception);
            }
        };
    }

    static boolean secondStep(Authentication authentication) {
        return authentication.getAuthorities().stream()
                .anyMatch(a -> SignInProvider.SECOND_STEP.equals(a.getAuthority()));
    }

    /** Whole minutes until {@code until}, at least 1. */
    long minutes(Instant until) {
        return Math.max(1, (Duration.between(clock.instant(), until).toSeconds() + 59) / 60);
    }

    private void problem(HttpServletRequest request, HttpServletResponse response, int status, String key,
                         Object argument) throws IOException {
        // Without Accept-Language the hub answers in Vietnamese, as everywhere else (spring.web.locale).
        Locale locale = request.getHeader("Accept-Language") == null ? Locale.forLanguageTag("vi") : request.getLocale();
        String title = messages.getMessage(key + ".title", null, locale);
        String detail = messages.getMessage(key + ".detail", new Object[] {argument}, locale);
        response.setStatus(status);
        response.setContentType("application/problem+json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.getWriter().write("{\"type\":\"about:blank\",\"title\":" + json(title) + ",\"status\":" + status
                + ",\"detail\":" + json(detail) + ",\"reason\":" + json(key.substring(key.lastIndexOf('.') + 1)) + "}");
    }

    private static String json(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
