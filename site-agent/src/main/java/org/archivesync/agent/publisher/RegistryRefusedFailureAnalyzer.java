package org.archivesync.agent.publisher;

import java.util.Locale;
import org.archivesync.agent.messages.AgentMessages;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start refused by the schema registry into Spring Boot's "APPLICATION FAILED TO START" text, from the
 * bundles: what is wrong in Vietnamese, then in English, without a stack trace to read through.
 */
class RegistryRefusedFailureAnalyzer extends AbstractFailureAnalyzer<RegistryRefusedException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, RegistryRefusedException cause) {
        return new FailureAnalysis(AgentMessages.of(AgentMessages.VIETNAMESE).render(cause),
                AgentMessages.of(Locale.ENGLISH).render(cause), cause);
    }
}
