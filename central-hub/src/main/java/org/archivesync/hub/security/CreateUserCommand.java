package org.archivesync.hub.security;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
    public void run(ApplicationArguments args) throws IOException {
        List<String> words = args.getNonOptionArgs();
        int at = words.indexOf("create-user");
        if (at < 0) {
            return;
        }
        if (at + 1 >= words.size()) {
            throw new IllegalArgumentException(USAGE);
        }
        Role role = Role.valueOf(option(args, "role", "VIEWER").toUpperCase(Locale.ROOT));
        String file = option(args, "password-file", null);
        char[] password = file != null
                ? InitialOperator.firstLine(Files.readString(Path.of(file), StandardCharsets.UTF_8)).toCharArray()
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
