package org.archivesync.hub.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * Creates the operator of {@code archive-sync.hub.security.initial-operator} on start when it does not exist; says
 * how to create one when the hub has no user at all.
 */
class InitialOperator implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(InitialOperator.class);

    private final Users users;
    private final SecurityProperties.InitialOperator settings;

    InitialOperator(Users users, SecurityProperties.InitialOperator settings) {
        this.users = users;
        this.settings = settings;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (settings == null || settings.username() == null) {
            if (users.list().isEmpty()) {
                log.warn("no console user yet: run the hub with `create-user NAME --role=OPERATOR --password-file=FILE`"
                        + " or set archive-sync.hub.security.initial-operator");
            }
            return;
        }
        if (settings.passwordFile() == null) {
            throw new IllegalStateException("archive-sync.hub.security.initial-operator.password-file is not set");
        }
        if (users.exists(settings.username())) {
            return;
        }
        char[] password = readPassword(settings.passwordFile(),
                "archive-sync.hub.security.initial-operator.password-file");
        try {
            users.create(settings.username(), null, password, Role.OPERATOR, "configuration");
        } catch (InvalidUserException e) {
            // Another hub on the same database (a standby started at the same moment) created it first.
            if (!users.exists(settings.username())) {
                throw e;
            }
        }
    }

    /**
     * The password in the first line of {@code file}.
     *
     * @param setting the setting or option that named the file, for the message when it cannot be read
     */
    static char[] readPassword(Path file, String setting) {
        try {
            return firstLine(Files.readString(file, StandardCharsets.UTF_8)).toCharArray();
        } catch (IOException e) {
            throw new IllegalStateException(setting + ": cannot read the password file " + file + " (" + e + ")", e);
        }
    }

    static String firstLine(String text) {
        int end = text.indexOf('\n');
        return (end < 0 ? text : text.substring(0, end)).strip();
    }
}
