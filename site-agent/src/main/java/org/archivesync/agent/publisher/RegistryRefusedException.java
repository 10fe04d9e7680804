package org.archivesync.agent.publisher;

import org.archivesync.agent.messages.AgentException;

/**
 * The schema registry answered, and its answer stops this agent from publishing until someone changes the
 * configuration: it lacks the site-event schema ({@code publisher.schema-missing}: registry, subject, schema), or it
 * refuses the agent's credentials ({@code publisher.registry-unauthorized}, {@code publisher.registry-forbidden},
 * {@code publisher.registry-credentials-missing}: registry, user). The agent refuses to start with it. Never carries
 * a password.
 */
public final class RegistryRefusedException extends AgentException {

    RegistryRefusedException(Throwable cause, String messageKey, Object... args) {
        super(messageKey, args, cause);
    }
}
