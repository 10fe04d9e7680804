package org.archivesync.agent.calendar;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.springframework.beans.factory.annotation.Qualifier;

/**
 * Qualifies the {@link java.time.Clock} that dates what the office records (ngày ghi nhận: the acts of the clerk, an
 * event's {@code occurredAt}, "today" for the date checks): the {@link SimulatedCalendar} when
 * {@code archive-sync.agent.simulated-calendar} is set, else the same system clock as the unqualified bean.
 *
 * <p>The unqualified {@code Clock} bean is always the PC's real clock and is the one for transport and timing: the
 * publisher's {@code as-sent-at}, link probes, cursor repair, back-offs, sign-in throttles, key and enrollment times,
 * the outbox's {@code recorded_at} (backlog age). Inject this one only where a date of an act is made; today that is
 * the {@link org.archivesync.agent.recording.Recorder} alone (the importer and the scan watcher record through it).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Qualifier
public @interface ActsClock {
}
