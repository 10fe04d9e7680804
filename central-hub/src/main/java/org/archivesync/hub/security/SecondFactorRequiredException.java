package org.archivesync.hub.security;

import org.springframework.security.core.AuthenticationException;

/**
 * An API call whose password was right but which lacks the second factor: the user has one and sent no
 * {@code X-Archive-OTP} header, or the hub requires one of operators and this operator has none yet.
 */
class SecondFactorRequiredException extends AuthenticationException {

    /** @param reason a message key: {@code problem.sign-in.code-required} or {@code ...code-not-set-up} */
    SecondFactorRequiredException(String reason) {
        super(reason);
    }
}
