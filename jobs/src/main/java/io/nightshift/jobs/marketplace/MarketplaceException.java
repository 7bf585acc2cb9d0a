package io.nightshift.jobs.marketplace;

/** A marketplace call that failed as a whole after its retries; the message names the marketplace and the call. */
public final class MarketplaceException extends RuntimeException {
    public MarketplaceException(String message) {
        super(message);
    }
}
