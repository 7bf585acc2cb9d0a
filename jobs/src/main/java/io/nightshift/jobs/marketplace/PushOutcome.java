package io.nightshift.jobs.marketplace;

import java.time.Instant;
import java.util.List;

/**
 * One attempt to set one SKU's quantity, as it goes to {@code gold.marketplace_push_ledger}.
 * {@code status}: ACKNOWLEDGED (the marketplace confirmed this quantity), RETRYING (the whole call failed
 * and is retried: 429, 5xx, timeout, reset), REJECTED (the marketplace refused this item: its per-item
 * error), FAILED (the call failed after every retry). Anything but ACKNOWLEDGED leaves the SKU pending.
 */
public record PushOutcome(
        String sku,
        int quantity,
        Status status,
        Integer httpStatus,
        String error,
        Instant sentAt,
        Instant acknowledgedAt) {
    public enum Status {
        ACKNOWLEDGED,
        RETRYING,
        REJECTED,
        FAILED
    }

    public static PushOutcome acknowledged(StockUpdate u, int http, Instant sentAt) {
        return new PushOutcome(u.sku(), u.quantity(), Status.ACKNOWLEDGED, http, null, sentAt, Instant.now());
    }

    public static PushOutcome rejected(StockUpdate u, int http, String error, Instant sentAt) {
        return new PushOutcome(u.sku(), u.quantity(), Status.REJECTED, http, error, sentAt, null);
    }

    /** Rows for every attempt of a call made for {@code batch}: all but the last are retried whole-call failures. */
    public static void retriedAttempts(List<StockUpdate> batch, HttpCalls.Call call, List<PushOutcome> into) {
        for (int i = 0; i < call.attempts().size() - 1; i++) {
            HttpCalls.Attempt a = call.attempts().get(i);
            for (StockUpdate u : batch) {
                into.add(new PushOutcome(
                        u.sku(), u.quantity(), Status.RETRYING, a.httpStatus(), a.error(), a.sentAt(), null));
            }
        }
    }

    /** Rows for a call that failed as a whole after every retry. */
    public static void failed(List<StockUpdate> batch, HttpCalls.Call call, List<PushOutcome> into) {
        HttpCalls.Attempt a = call.last();
        for (StockUpdate u : batch) {
            into.add(
                    new PushOutcome(u.sku(), u.quantity(), Status.FAILED, a.httpStatus(), a.error(), a.sentAt(), null));
        }
    }
}
