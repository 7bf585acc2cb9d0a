package io.nightshift.common.db;

import static io.nightshift.common.db.CommerceRows.all;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.nightshift.common.testing.TestPostgres;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

class PushJournalRepositoryTest {
    static final LocalDate DAY = LocalDate.of(2026, 3, 1);
    static final Instant SENT = Instant.parse("2026-03-01T02:00:00.123456Z");
    final DataSource db = TestPostgres.freshCommerceDatabase();
    final PushJournalRepository journal = new PushJournalRepository(db);

    PushJournalRepository.Attempt sent(String sku, int attempt) {
        return new PushJournalRepository.Attempt(DAY, "ebay", sku, 5, attempt, "SENT", null, null, SENT, null);
    }

    @Test
    void attemptsRoundTripAndNumberPerDateMarketplaceAndSku() throws SQLException {
        journal.insert(List.of(sent("A", 1), sent("A", 2), sent("B", 1)));
        journal.insert(
                List.of(new PushJournalRepository.Attempt(DAY, "amazon", "A", 5, 7, "SENT", null, null, SENT, null)));
        assertEquals(Map.of("A", 2, "B", 1), journal.lastAttempts(DAY, "ebay"));
        assertEquals(Map.of("A", 7), journal.lastAttempts(DAY, "amazon"));
        assertEquals(Map.of(), journal.lastAttempts(DAY.plusDays(1), "ebay"));
        assertEquals(4, journal.all().size());
        assertEquals(
                sent("B", 1),
                journal.all().stream()
                        .filter(a -> a.sku().equals("B"))
                        .findFirst()
                        .orElseThrow());
        // The key is unique: journaling an attempt number twice fails rather than hiding an attempt.
        assertThrows(SQLException.class, () -> journal.insert(List.of(sent("B", 1))));
    }

    @Test
    void answersAndSettlementsUpdateTheirAttempts() throws SQLException {
        journal.insert(List.of(sent("A", 1), sent("B", 1)));
        journal.recordAnswer(DAY, "ebay", Map.of("A", 1, "B", 1), "RETRYING", 503, "x".repeat(500));
        journal.insert(List.of(sent("A", 2)));
        Instant acked = SENT.plusSeconds(5);
        journal.settle(
                DAY,
                "ebay",
                List.of(new PushJournalRepository.Settlement("A", List.of(1), 2, "ACKNOWLEDGED", null, null, acked)),
                List.of(new PushJournalRepository.Attempt(
                        DAY, "ebay", "C", 3, 1, "FAILED", 400, "bad sku", null, null)));
        assertEquals(
                "A 1 RETRYING 503 400;A 2 ACKNOWLEDGED null null;B 1 RETRYING 503 400;C 1 FAILED 400 7;",
                all(
                        db,
                        "select sku, attempt, status, http_status, length(error) from marketplace_push_journal order by 1, 2"));
        assertEquals(
                "x".repeat(397) + "...",
                journal.all().stream()
                        .filter(a -> a.sku().equals("B"))
                        .findFirst()
                        .orElseThrow()
                        .error());
        assertEquals(
                acked,
                journal.all().stream()
                        .filter(a -> a.attempt() == 2)
                        .findFirst()
                        .orElseThrow()
                        .acknowledgedAt());
    }

    @Test
    void deleteBeforeKeepsTheRunDateAndLater() throws SQLException {
        journal.insert(List.of(
                sent("A", 1),
                new PushJournalRepository.Attempt(
                        DAY.minusDays(8), "ebay", "A", 5, 1, "SENT", null, null, SENT, null)));
        assertEquals(1, journal.deleteBefore(DAY.minusDays(7)));
        assertEquals(0, journal.deleteBefore(DAY.minusDays(7)));
        assertEquals(List.of(sent("A", 1)), journal.all());
    }
}
