package org.archivesync.hub.security;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without looking at its password: its account name or its address is locked. */
class SignInLockedException extends AuthenticationException {

    private final transient SignInThrottle.Lock lock;

    SignInLockedException(SignInThrottle.Lock lock) {
        super("sign-in locked scope=" + lock.scope() + " until=" + lock.until());
        this.lock = lock;
    }

    /** What is locked and until when; never null. */
    SignInThrottle.Lock lock() {
        return lock;
    }
}
