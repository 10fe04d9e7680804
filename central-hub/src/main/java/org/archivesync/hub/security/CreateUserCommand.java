package org.archivesync.hub.security;

import java.io.Console;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;

/**
 * {@code create-user NAME [--role=VIEWER|ARCHIVIST|OPERATOR] [--password-file=FILE] [--display-name=...]}: creates a
 * console user and exits (see HubApplication). Without a password file the password is asked twice on the terminal.
 */
class CreateUserCommand implements ApplicationRunner {

    static final String USAGE = "usage: create-user NAME [--role=VIEWER|ARCHIVIST|OPERATOR] [--password-file=FILE]"
            + " [--display-name=NAME]";

    private final Users users;

    CreateUserCommand(Users users) {
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> words = args.getNonOptionArgs();
        int at = words.indexOf("create-user");
        if (at < 0) {
            return;
        }
        if (at + 1 >= words.size()) {
            throw new IllegalArgumentException(USAGE);
        }
        String roleName = option(args, "role", "VIEWER").toUpperCase(Locale.ROOT);
        Role role = Arrays.stream(Role.values()).filter(r -> r.name().equals(roleName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--role=" + roleName
                        + ": not a role (VIEWER, ARCHIVIST or OPERATOR); " + USAGE));
        String file = option(args, "password-file", null);
        char[] password = file != null ? InitialOperator.readPassword(Path.of(file), "--password-file")
                : askTwice();
        users.create(words.get(at + 1), option(args, "display-name", null), password, role, "cli");
        System.out.println("created " + words.get(at + 1) + " role=" + role);
    }

    private static String option(ApplicationArguments args, String name, String otherwise) {
        List<String> values = args.getOptionValues(name);
        return values == null || values.isEmpty() ? otherwise : values.get(values.size() - 1);
    }

    private static char[] askTwice() {
        Console console = System.console();
        if (console == null) {
            throw new IllegalArgumentException("no terminal to ask the password on: give --password-file=FILE");
        }
        char[] first = console.readPassword("Mật khẩu / Password: ");
        char[] second = console.readPassword("Nhập lại / Again: ");
        if (!Arrays.equals(first, second)) {
            throw new IllegalArgumentException("the two passwords differ");
        }
        return first;
    }
}
