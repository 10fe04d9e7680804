package org.archivesync.hub.security;

import java.util.List;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Every sign-in, the console's form and each API call with basic credentials: refused while its name or address is
 * locked (before the password is looked at), the password checked by Spring Security's DAO provider, failures
 * counted, then the second factor. An API call of a user with a second factor must carry a valid code in
 * {@code X-Archive-OTP}; the console's form instead yields a session that may only enter the code
 * ({@link #SECOND_STEP}), completed by {@link SecondStepController}.
 */
class SignInProvider implements AuthenticationProvider {

    /** The only authority of a console session whose password was right and whose code is still to come. */
    static final String SECOND_STEP = "SIGN_IN_SECOND_STEP";

    private final DaoAuthenticationProvider passwords;
    private final SignInThrottle throttle;
    private final SecondFactor secondFactor;
    private final Audit audit;
    private final boolean requiredForOperators;

    SignInProvider(Users users, PasswordEncoder encoder, SignInThrottle throttle, SecondFactor secondFactor,
                   Audit audit, boolean requiredForOperators) {
        this.passwords = new DaoAuthenticationProvider(users);
        this.passwords.setPasswordEncoder(encoder);
        this.throttle = throttle;
        this.secondFactor = secondFactor;
        this.audit = audit;
        this.requiredForOperators = requiredForOperators;
    }

    @Override
    public Authentication authenticate(Authentication attempt) {
        String username = attempt.getName();
        SignInDetails details = attempt.getDetails() instanceof SignInDetails d ? d : null;
        String address = details == null ? null : details.getRemoteAddress();
        SignInThrottle.State state = throttle.state(username, address);
        if (state.lock() != null) {
            refuse(audit, username, address, state.lock());
        }
        Authentication checked;
        try {
            checked = passwords.authenticate(attempt);
        } catch (AuthenticationException e) {
            failed(throttle, audit, username, null, address);
            throw e;
        }
        SignedInUser user = (SignedInUser) checked.getPrincipal();
        boolean api = details != null && details.api();
        if (user.secondFactor() && !api) {
            // The password was right; the session may only enter the code (the count starts again after it).
            var pending = UsernamePasswordAuthenticationToken.authenticated(user, null,
                    List.of(new SimpleGrantedAuthority(SECOND_STEP)));
            pending.setDetails(attempt.getDetails());
            return pending;
        }
        if (user.secondFactor()) {
            if (details.oneTimeCode() == null) {
                throw new SecondFactorRequiredException("problem.sign-in.code-required");
            }
            if (!secondFactor.accepts(username, details.oneTimeCode())) {
                failed(throttle, audit, username, "code", address);
                throw new BadCredentialsException("wrong one-time code");
            }
        } else if (api && requiredForOperators && user.role() == Role.OPERATOR) {
            throw new SecondFactorRequiredException("problem.sign-in.code-not-set-up");
        }
        if (state.accountFailures() > 0) {
            throttle.succeeded(username);
        }
        return checked;
    }

    /** Audits the refusal of a sign-in while it is locked, then refuses it. */
    static void refuse(Audit audit, String username, String address, SignInThrottle.Lock lock) {
        audit.record(auditName(username), "LOGIN", "locked " + lock.scope().name().toLowerCase(), "REFUSED",
                address);
        throw new SignInLockedException(lock);
    }

    /**
     * Audits a failed sign-in (never its password or code), counts it, and audits the lockouts it began.
     *
     * @param what {@code code} for a wrong one-time code, null for a wrong name or password
     */
    static void failed(SignInThrottle throttle, Audit audit, String username, String what, String address) {
        audit.record(auditName(username), "LOGIN", what, "FAILED", address);
        for (SignInThrottle.Lock lock : throttle.failed(username, address)) {
            audit.record(auditName(username), "LOCKOUT", lock.scope().name().toLowerCase(),
                    "until " + lock.until(), address);
        }
    }

    /** The name as typed, cut to what a user name can be and a little more (a hostile name is not kept whole). */
    private static String auditName(String username) {
        String name = String.valueOf(username);
        return name.length() <= 100 ? name : name.substring(0, 100) + "…";
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }
}
