package io.nightshift.jobs.curation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The tie-break of curation: a fixed 64-bit hash (FNV-1a, then a final mix) of (customer, product, box
 * date). Equal scores are ordered by it, so a rerun gives the same boxes while ties do not always favour
 * the lowest product id.
 */
public final class StableHash {
    private StableHash() {
    }

    public static long of(String customerId, int productId, LocalDate boxDate) {
        byte[] bytes = (customerId + "|" + productId + "|" + boxDate).getBytes(StandardCharsets.UTF_8);
        long h = 0xcbf29ce484222325L;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        // murmur3's finaliser spreads FNV's weak low bits.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }
}
