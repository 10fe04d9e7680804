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
        super(AgentMessages.of(java.util.Locale.ENGLISH).get(messageKey, messageArgs), cause);
        this.messageKey = messageKey;
        this.messageArgs = messageArgs.clone();
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
