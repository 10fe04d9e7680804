package org.archivesync.hub.console;

import java.util.List;
import java.util.Map;
import org.archivesync.hub.progress.Milestone;
import org.archivesync.hub.progress.MilestoneKind;

/**
 * What the campaign pages show, as public values the templates can read (Thymeleaf's SpEL reads public types only).
 * Dates are already dd/MM/yyyy.
 */
public final class CampaignPage {

    private CampaignPage() {
    }

    /** A row of the campaign list: one milestone per kind set, with its default date and how many other dates. */
    public record Summary(String campaignCode, String name, String startsOn, List<MilestoneSummary> milestones) {
    }

    /** @param otherDates dates for some former districts or offices besides the default */
    public record MilestoneSummary(MilestoneKind kind, String name, String dueOn, int otherDates) {
    }

    /**
     * One kind of milestone on the campaign's page.
     *
     * @param milestone null when the campaign has no milestone of this kind
     * @param dueOn the default date, empty when not set
     */
    public record Kind(MilestoneKind kind, Milestone milestone, String dueOn, List<OtherDate> dates) {
    }

    /**
     * A date for one former district or office.
     *
     * @param place the form's value ({@code DISTRICT:969}, {@code SITE:CM.CAINUOC.UBND})
     * @param name the district's or office's name, its code when the hub does not know it
     */
    public record OtherDate(String place, String scope, String code, String name, String dueOn) {
    }

    /** An option of the place select. */
    public record Option(String value, String label) {
    }

    /**
     * A refusal as the page shows it, in the user's language.
     *
     * @param form the form refused ({@code campaign}, {@code new}, {@code milestone-SEALED}, {@code date-SEALED}...)
     */
    public record Problem(String form, String field, String fieldLabel, String text) {
    }

    /**
     * What a refused form had in it, to show it again.
     *
     * @param form as {@link Problem#form()}
     */
    public record Refused(String form, Map<String, String> values) {

        /** The value sent in {@code field} when this is the refused form, else {@code fallback}. */
        public String value(String formName, String field, String fallback) {
            return form.equals(formName) ? values.getOrDefault(field, "") : fallback;
        }
    }

    /** No refused form: every field shows what is saved. */
    public static final Refused NONE = new Refused("", Map.of());
}
