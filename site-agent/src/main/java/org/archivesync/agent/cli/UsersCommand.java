package org.archivesync.agent.cli;

import java.io.Console;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.archivesync.agent.access.LocalAccounts;
import org.archivesync.agent.messages.AgentMessages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code users add|list|disable|enable|password}: the office's local accounts for the agent's HTTP API. Only who can
 * run the CLI on the store (the local administrator: the service account or an administrator) manages them; the API
 * has no endpoint for it. Passwords come from the first line of {@code --password-file}, or are typed at the console;
 * never from the command line, where other local users could read them in the process list.
 */
@Command(name = "users", mixinStandardHelpOptions = true, subcommands = {UsersCommand.Add.class,
        UsersCommand.ListAccounts.class, UsersCommand.Disable.class, UsersCommand.Enable.class,
        UsersCommand.Password.class})
class UsersCommand {

    @ParentCommand
    AgentCli cli;

    LocalAccounts accounts() {
        return new LocalAccounts(CliContext.open(cli).store(), cli.clock);
    }

    String password(Path file) {
        AgentMessages m = cli.messages();
        if (file != null) {
            try {
                List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
                return lines.isEmpty() ? "" : lines.get(0).strip();
            } catch (IOException e) {
                throw new CliUsageException(m.get("cli.users.password-file-unreadable", file.toString()));
            }
        }
        Console console = System.console();
        if (console == null) {
            throw new CliUsageException(m.get("cli.users.password-needed"));
        }
        char[] first = console.readPassword("%s", m.get("cli.users.password-prompt"));
        char[] again = console.readPassword("%s", m.get("cli.users.password-again"));
        if (first == null || again == null || !new String(first).equals(new String(again))) {
            throw new CliUsageException(m.get("cli.users.passwords-differ"));
        }
        return new String(first);
    }

    @Command(name = "add", mixinStandardHelpOptions = true)
    static class Add implements Callable<Integer> {

        @ParentCommand
        UsersCommand users;

        @Parameters(index = "0", paramLabel = "NAME", descriptionKey = "cli.option.account")
        String name;

        @Option(names = "--role", required = true, paramLabel = "clerk|office-head", descriptionKey = "cli.option.role")
        String role;

        @Option(names = "--password-file", paramLabel = "FILE", descriptionKey = "cli.option.password-file")
        Path passwordFile;

        @Override
        public Integer call() {
            LocalAccounts.Role parsed = role(role, users.cli.messages());
            LocalAccounts.Account a = users.accounts().add(name, parsed, users.password(passwordFile));
            users.cli.out.println(users.cli.messages().get("cli.users.added", a.username(), roleName(a.role())));
            return 0;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true)
    static class ListAccounts implements Callable<Integer> {

        @ParentCommand
        UsersCommand users;

        @Override
        public Integer call() {
            AgentMessages m = users.cli.messages();
            List<LocalAccounts.Account> all = users.accounts().list();
            if (all.isEmpty()) {
                users.cli.out.println(m.get("cli.users.none"));
            }
            for (LocalAccounts.Account a : all) {
                users.cli.out.println(m.get("cli.users.row", a.username(), roleName(a.role()),
                        m.get(a.enabled() ? "cli.users.state-enabled" : "cli.users.state-disabled"),
                        a.createdAt().toString()));
            }
            return 0;
        }
    }

    /** Enables or disables the account {@code name} and says so; returns the exit code. */
    private int setEnabled(String name, boolean enabled) {
        accounts().setEnabled(name, enabled);
        cli.out.println(cli.messages().get(enabled ? "cli.users.enabled" : "cli.users.disabled", name));
        return 0;
    }

    @Command(name = "disable", mixinStandardHelpOptions = true)
    static class Disable implements Callable<Integer> {

        @ParentCommand
        UsersCommand users;

        @Parameters(index = "0", paramLabel = "NAME", descriptionKey = "cli.option.account")
        String name;

        @Override
        public Integer call() {
            return users.setEnabled(name, false);
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true)
    static class Enable implements Callable<Integer> {

        @ParentCommand
        UsersCommand users;

        @Parameters(index = "0", paramLabel = "NAME", descriptionKey = "cli.option.account")
        String name;

        @Override
        public Integer call() {
            return users.setEnabled(name, true);
        }
    }

    @Command(name = "password", mixinStandardHelpOptions = true)
    static class Password implements Callable<Integer> {

        @ParentCommand
        UsersCommand users;

        @Parameters(index = "0", paramLabel = "NAME", descriptionKey = "cli.option.account")
        String name;

        @Option(names = "--password-file", paramLabel = "FILE", descriptionKey = "cli.option.password-file")
        Path passwordFile;

        @Override
        public Integer call() {
            users.accounts().setPassword(name, users.password(passwordFile));
            users.cli.out.println(users.cli.messages().get("cli.users.password-changed", name));
            return 0;
        }
    }

    static LocalAccounts.Role role(String value, AgentMessages m) {
        String v = value == null ? "" : value.strip().toUpperCase(Locale.ROOT).replace('-', '_');
        for (LocalAccounts.Role r : LocalAccounts.Role.values()) {
            if (r.name().equals(v)) {
                return r;
            }
        }
        throw new CliUsageException(m.get("cli.users.bad-role", String.valueOf(value)));
    }

    static String roleName(LocalAccounts.Role role) {
        return role.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
