package org.archivesync.agent.calendar;

import org.archivesync.agent.messages.AgentException;

/**
 * The simulated calendar's file cannot be used at start: missing or unreadable ({@code calendar.unreadable}: file,
 * reason), not one ISO-8601 date-time with offset ({@code calendar.unparseable}: file, value), or outside the years
 * the agent accepts ({@code calendar.out-of-range}: file, value). The agent refuses to start, and the CLI refuses to
 * record, with it.
 */
public final class SimulatedCalendarException extends AgentException {

    SimulatedCalendarException(Throwable cause, String messageKey, Object... args) {
        super(messageKey, args, cause);
    }
}
