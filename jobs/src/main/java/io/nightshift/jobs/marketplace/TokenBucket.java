package io.nightshift.jobs.marketplace;

import io.nightshift.common.config.MarketplaceSettings;

/**
 * A token bucket: {@code burst} tokens at most, refilled at {@code perSecond}; each request takes one
 * (or {@code cost}) token, waiting for it when the bucket is empty. Amazon documents its limits exactly
 * so ("rate" and "burst" per operation); the other marketplaces' limits are set the same way in config.
 */
public final class TokenBucket {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long lastNanos;

    public TokenBucket(double perSecond, double burst) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException(
                    "a token bucket needs a positive rate and a burst of at least 1, got " + perSecond + "/" + burst);
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.lastNanos = System.nanoTime();
    }

    /** A full bucket for one operation's configured limit. */
    public static TokenBucket of(MarketplaceSettings.Rate rate) {
        return new TokenBucket(rate.perSecond(), rate.burst());
    }

    public double perSecond() {
        return perSecond;
    }

    public double burst() {
        return burst;
    }

    /** Takes one token, sleeping until one is there. */
    public void acquire() throws InterruptedException {
        acquire(1);
    }

    public void acquire(double cost) throws InterruptedException {
        while (true) {
            long waitNanos;
            synchronized (this) {
                refill();
                if (tokens >= cost) {
                    tokens -= cost;
                    return;
                }
                waitNanos = (long) Math.ceil((cost - tokens) / perSecond * 1e9);
            }
            Thread.sleep(Math.max(1, waitNanos / 1_000_000), (int) (waitNanos % 1_000_000));
        }
    }

    /** Takes a token if one is there now (the fakes answer 429 when not). */
    public synchronized boolean tryAcquire(double cost) {
        refill();
        if (tokens >= cost) {
            tokens -= cost;
            return true;
        }
        return false;
    }

    /** Seconds until {@code cost} tokens are there. */
    public synchronized double secondsUntil(double cost) {
        refill();
        return tokens >= cost ? 0 : (cost - tokens) / perSecond;
    }

    public synchronized double available() {
        refill();
        return tokens;
    }

    /** Sets the level to what the server reports (Shopify's throttleStatus.currentlyAvailable). */
    public synchronized void observe(double currentlyAvailable) {
        refill();
        tokens = Math.min(burst, Math.max(0, currentlyAvailable));
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - lastNanos) / 1e9 * perSecond);
        lastNanos = now;
    }
}
