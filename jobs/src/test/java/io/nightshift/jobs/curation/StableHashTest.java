package io.nightshift.jobs.curation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The tie-break hash is FNV-1a of "customer|product|date" then murmur3's finaliser, however it is computed. */
class StableHashTest {
    static long ofTheWholeString(String customer, int product, LocalDate date) {
        long h = 0xcbf29ce484222325L;
        for (byte b : (customer + "|" + product + "|" + date).getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    @Test
    void theIncrementalHashEqualsTheHashOfTheWholeString() {
        LocalDate date = LocalDate.of(2026, 12, 1);
        for (String customer : new String[] {"c1", "customer-000012345", "Zoë"}) {
            for (int product : new int[] {0, 7, 10, 99, 100, 123_456, -5, Integer.MAX_VALUE, Integer.MIN_VALUE}) {
                assertEquals(
                        ofTheWholeString(customer, product, date),
                        StableHash.of(customer, product, date),
                        customer + "/" + product);
            }
        }
    }
}
