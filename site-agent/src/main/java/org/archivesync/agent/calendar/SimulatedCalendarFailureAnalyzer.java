package org.archivesync.agent.calendar;

import java.util.Locale;
import org.archivesync.agent.messages.AgentMessages;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a start refused for the simulated calendar's file into Spring Boot's "APPLICATION FAILED TO START" text, from
 * the bundles: the file and the value in Vietnamese, then in English, without a stack trace to read through.
 */
class SimulatedCalendarFailureAnalyzer extends AbstractFailureAnalyzer<SimulatedCalendarException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, SimulatedCalendarException cause) {
        return new FailureAnalysis(AgentMessages.of(AgentMessages.VIETNAMESE).render(cause),
                AgentMessages.of(Locale.ENGLISH).render(cause), cause);
    }
}
