package io.nightshift.jobs.curation;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

/**
 * The tie-break of curation: a fixed 64-bit hash (FNV-1a, then a final mix) of (customer, product, box
 * date). Equal scores are ordered by it, so a rerun gives the same boxes while ties do not always favour
 * the lowest product id.
 */
public final class StableHash {
    private StableHash() {}

    public static long of(String customerId, int productId, LocalDate boxDate) {
        return finish(forCustomer(customerId), productId, dateSuffix(boxDate));
    }

    /** The hash state after "customer|", to be finished per product with {@link #finish}. */
    public static long forCustomer(String customerId) {
        return add(0xcbf29ce484222325L, (customerId + "|").getBytes(StandardCharsets.UTF_8));
    }

    /** The bytes of "|box date", computed once per run. */
    public static byte[] dateSuffix(LocalDate boxDate) {
        return ("|" + boxDate).getBytes(StandardCharsets.UTF_8);
    }

    /** {@link #of} from a customer's state: the product id's decimal digits, then the date suffix, no strings built. */
    public static long finish(long customerState, int productId, byte[] dateSuffix) {
        long h = customerState;
        if (productId < 0) {
            h = add(h, Integer.toString(productId).getBytes(StandardCharsets.US_ASCII));
        } else {
            int divisor = 1;
            while (productId / divisor >= 10) {
                divisor *= 10;
            }
            for (; divisor > 0; divisor /= 10) {
                h ^= '0' + (productId / divisor) % 10;
                h *= 0x100000001b3L;
            }
        }
        h = add(h, dateSuffix);
        // murmur3's finaliser spreads FNV's weak low bits.
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    private static long add(long h, byte[] bytes) {
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;
        }
        return h;
    }
}
