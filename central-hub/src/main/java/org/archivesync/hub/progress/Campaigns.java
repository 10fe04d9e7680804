package org.archivesync.hub.progress;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.archivesync.hub.api.ConflictException;
import org.archivesync.hub.api.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Campaigns (đợt, e.g. "Sáp nhập 2025") and their milestones: one per {@link MilestoneKind}, each due on a date by
 * default and on other dates for some former districts or offices ({@link DueDate}). Only operators reach the
 * changes, through the REST API and the console; both check the request before it gets here (codes, names, dates
 * after the start, {@link #unknownScopes}), and this class stores what it is given.
 *
 * <p>Arguments are never null; results are never null.
 */
public final class Campaigns {

    private static final String CAMPAIGNS = """
            SELECT campaign_code, name, starts_on FROM campaigns ORDER BY starts_on DESC, campaign_code""";
    private static final String CAMPAIGN = "SELECT campaign_code, name, starts_on FROM campaigns WHERE campaign_code = :code";
    private static final String MILESTONES = """
            SELECT kind, name, due_on FROM campaign_milestones WHERE campaign_code = :code ORDER BY due_on, kind""";
    private static final String MILESTONE_DATES = """
            SELECT kind, scope, scope_code, due_on FROM campaign_milestone_dates WHERE campaign_code = :code
            ORDER BY kind, scope, scope_code""";
    private static final String DELETE_MILESTONE_DATES = """
            DELETE FROM campaign_milestone_dates WHERE campaign_code = :code AND kind = :kind""";
    private static final String INSERT_MILESTONE_DATE = """
            INSERT INTO campaign_milestone_dates (campaign_code, kind, scope, scope_code, due_on)
            VALUES (:code, :kind, :scope, :scopeCode, :due)""";
    private static final String DISTRICT_EXISTS = "SELECT count(*) FROM units WHERE unit_code = :code AND level = 'DISTRICT'";
    private static final String SITE_EXISTS = "SELECT count(*) FROM sites WHERE site_code = :code";
    private static final String INSERT_CAMPAIGN = """
            INSERT INTO campaigns (campaign_code, name, starts_on, created_at, updated_at)
            VALUES (:code, :name, :starts, :at, :at) ON CONFLICT (campaign_code) DO NOTHING""";
    private static final String UPSERT_CAMPAIGN = """
            INSERT INTO campaigns (campaign_code, name, starts_on, created_at, updated_at)
            VALUES (:code, :name, :starts, :at, :at)
            ON CONFLICT (campaign_code) DO UPDATE SET name = excluded.name, starts_on = excluded.starts_on,
                updated_at = excluded.updated_at""";
    private static final String DELETE_MILESTONES = "DELETE FROM campaign_milestones WHERE campaign_code = :code";
    private static final String UPSERT_MILESTONE = """
            INSERT INTO campaign_milestones (campaign_code, kind, name, due_on) VALUES (:code, :kind, :name, :due)
            ON CONFLICT (campaign_code, kind) DO UPDATE SET name = excluded.name, due_on = excluded.due_on""";
    private static final String DELETE_MILESTONE = """
            DELETE FROM campaign_milestones WHERE campaign_code = :code AND kind = :kind""";
    private static final String TOUCH = "UPDATE campaigns SET updated_at = :at WHERE campaign_code = :code";

    private final JdbcClient jdbc;
    private final TransactionOperations transactions;
    private final Clock clock;

    Campaigns(JdbcClient jdbc, TransactionOperations transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** Every campaign, latest start first. */
    public List<Campaign> campaigns() {
        return jdbc.sql(CAMPAIGNS).query((rs, n) -> campaign(rs)).list();
    }

    /** @throws NotFoundException when there is no such campaign */
    public Campaign campaign(String code) {
        return jdbc.sql(CAMPAIGN).param("code", code).query((rs, n) -> campaign(rs)).optional()
                .orElseThrow(() -> new NotFoundException("campaign", code));
    }

    /** @throws ConflictException when a campaign has this code */
    public Campaign createCampaign(Campaign c) {
        transactions.executeWithoutResult(tx -> {
            if (jdbc.sql(INSERT_CAMPAIGN).param("code", c.campaignCode()).param("name", c.name())
                    .param("starts", c.startsOn()).param("at", now()).update() == 0) {
                throw new ConflictException("campaign", c.campaignCode());
            }
            c.milestones().forEach(m -> saveMilestone(c.campaignCode(), m));
        });
        return campaign(c.campaignCode());
    }

    /**
     * The date scopes that name nothing the hub knows: a DISTRICT that is not a district unit, a SITE that is not
     * enrolled; each as "SCOPE code". Empty when all are known.
     */
    public List<String> unknownScopes(List<DueDate> dates) {
        List<String> unknown = new ArrayList<>();
        for (DueDate d : dates) {
            String sql = switch (d.scope()) {
                case DISTRICT -> DISTRICT_EXISTS;
                case SITE -> SITE_EXISTS;
            };
            if (jdbc.sql(sql).param("code", d.code()).query(Long.class).single() == 0) {
                unknown.add(d.scope() + " " + d.code());
            }
        }
        return unknown;
    }

    /** Creates or replaces a campaign and all its milestones. */
    public Campaign saveCampaign(Campaign c) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql(UPSERT_CAMPAIGN).param("code", c.campaignCode()).param("name", c.name()).param("starts", c.startsOn())
                    .param("at", now()).update();
            jdbc.sql(DELETE_MILESTONES).param("code", c.campaignCode()).update();
            c.milestones().forEach(m -> saveMilestone(c.campaignCode(), m));
        });
        return campaign(c.campaignCode());
    }

    /**
     * Sets one milestone of a campaign.
     *
     * @throws NotFoundException when there is no such campaign
     */
    public Campaign setMilestone(String code, Milestone m) {
        campaign(code);
        transactions.executeWithoutResult(tx -> {
            saveMilestone(code, m);
            jdbc.sql(TOUCH).param("code", code).param("at", now()).update();
        });
        return campaign(code);
    }

    /** @throws NotFoundException when the campaign or the milestone does not exist */
    public Campaign removeMilestone(String code, MilestoneKind kind) {
        campaign(code);
        if (jdbc.sql(DELETE_MILESTONE).param("code", code).param("kind", kind.name()).update() == 0) {
            throw new NotFoundException("milestone", code + "/" + kind);
        }
        return campaign(code);
    }

    private void saveMilestone(String code, Milestone m) {
        jdbc.sql(UPSERT_MILESTONE).param("code", code).param("kind", m.kind().name()).param("name", m.name())
                .param("due", m.dueOn()).update();
        jdbc.sql(DELETE_MILESTONE_DATES).param("code", code).param("kind", m.kind().name()).update();
        for (DueDate d : m.dates()) {
            jdbc.sql(INSERT_MILESTONE_DATE).param("code", code).param("kind", m.kind().name())
                    .param("scope", d.scope().name()).param("scopeCode", d.code()).param("due", d.dueOn()).update();
        }
    }

    /** A stored kind the enum does not know fails loudly (MilestoneKind.of) rather than being read as another kind. */
    private Campaign campaign(ResultSet rs) throws SQLException {
        String code = rs.getString(1);
        Map<MilestoneKind, List<DueDate>> dates = new HashMap<>();
        jdbc.sql(MILESTONE_DATES).param("code", code).query(d -> {
            dates.computeIfAbsent(MilestoneKind.of(d.getString(1)), k -> new ArrayList<>()).add(new DueDate(
                    DueDate.Scope.valueOf(d.getString(2)), d.getString(3), d.getObject(4, LocalDate.class)));
        });
        List<Milestone> milestones = jdbc.sql(MILESTONES).param("code", code).query((m, n) -> {
            MilestoneKind kind = MilestoneKind.of(m.getString(1));
            return new Milestone(kind, m.getString(2), m.getObject(3, LocalDate.class),
                    dates.getOrDefault(kind, List.of()));
        }).list();
        return new Campaign(code, rs.getString(2), rs.getObject(3, LocalDate.class), milestones);
    }

    private OffsetDateTime now() {
        return clock.instant().atOffset(ZoneOffset.UTC);
    }
}
