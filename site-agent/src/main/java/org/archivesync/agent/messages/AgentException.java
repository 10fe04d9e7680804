package org.archivesync.agent.messages;

/**
 * An exception whose text a person reads: it carries a message key and arguments, rendered from the bundles in the
 * reader's language by the CLI and the REST API. {@link #getMessage()} is the English text, for logs. Arguments are
 * codes and numbers only, never descriptive text of a file, so a message can be logged without leaking a secret.
 */
public abstract class AgentException extends RuntimeException {

    private final String messageKey;
    private final transient Object[] messageArgs;

    protected AgentException(String messageKey, Object[] messageArgs, Throwable cause) {
        super(english(messageKey, messageArgs), cause);
        this.messageKey = messageKey;
        this.messageArgs = messageArgs.clone();
    }

    /**
     * The English text; the key and its arguments when no bundle on the classpath has it (the agent's code inside
     * another application whose own {@code messages.properties} comes first), so building the exception never fails.
     */
    private static String english(String messageKey, Object[] messageArgs) {
        AgentMessages english = AgentMessages.of(java.util.Locale.ENGLISH);
        return english.has(messageKey) ? english.get(messageKey, messageArgs)
                : messageKey + " " + java.util.Arrays.toString(messageArgs);
    }

    /** The bundle key, e.g. {@code box.not-packed}. */
    public String messageKey() {
        return messageKey;
    }

    /** The arguments of the message (a copy). */
    public Object[] messageArgs() {
        return messageArgs.clone();
    }
}
