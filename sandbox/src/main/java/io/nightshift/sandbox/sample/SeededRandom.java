package io.nightshift.sandbox.sample;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;

/**
 * A deterministic random stream named by the shop seed and a path of labels and numbers, so every
 * product, competitor and day draws from its own stream regardless of thread scheduling.
 */
final class SeededRandom {
    private final SplittableRandom random;

    private SeededRandom(long seed) {
        this.random = new SplittableRandom(seed);
    }

    static SeededRandom of(long seed, String stream, long... keys) {
        long h = mix(seed ^ 0x9E3779B97F4A7C15L);
        for (int i = 0; i < stream.length(); i++) {
            h = mix(h * 31 + stream.charAt(i));
        }
        for (long key : keys) {
            h = mix(h ^ mix(key + 0x632BE59BD9B4E019L));
        }
        return new SeededRandom(h);
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    double uniform() {
        return random.nextDouble();
    }

    double uniform(double from, double to) {
        return from + (to - from) * random.nextDouble();
    }

    /** An integer in [from, to], both inclusive. */
    int integer(int from, int to) {
        return from + random.nextInt(to - from + 1);
    }

    boolean chance(double probability) {
        return random.nextDouble() < probability;
    }

    double gaussian() {
        return random.nextGaussian();
    }

    double gaussian(double mean, double sd) {
        return mean + sd * random.nextGaussian();
    }

    double logNormal(double median, double sigma) {
        return median * Math.exp(sigma * random.nextGaussian());
    }

    /** Index drawn with probability proportional to the weights. */
    int weighted(double[] weights) {
        double total = 0;
        for (double w : weights) {
            total += w;
        }
        double u = random.nextDouble() * total;
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    /** Marsaglia and Tsang's gamma sampler, scale 1. */
    double gamma(double shape) {
        if (shape < 1) {
            return gamma(shape + 1) * Math.pow(random.nextDouble(), 1.0 / shape);
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9 * d);
        while (true) {
            double x = random.nextGaussian();
            double v = 1 + c * x;
            if (v <= 0) {
                continue;
            }
            v = v * v * v;
            double u = random.nextDouble();
            if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
                return d * v;
            }
        }
    }

    /** Poisson: multiplication for small means, Hörmann's PTRS transformed rejection above. */
    int poisson(double mean) {
        if (mean <= 0) {
            return 0;
        }
        if (mean < 12) {
            double limit = Math.exp(-mean);
            double product = random.nextDouble();
            int k = 0;
            while (product > limit) {
                k++;
                product *= random.nextDouble();
            }
            return k;
        }
        double slam = Math.sqrt(mean);
        double logLam = Math.log(mean);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = random.nextDouble() - 0.5;
            double v = random.nextDouble();
            double us = 0.5 - Math.abs(u);
            long k = (long) Math.floor((2 * a / us + b) * u + mean + 0.43);
            if (us >= 0.07 && v <= vr) {
                return (int) k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -mean + k * logLam - logFactorial(k)) {
                return (int) k;
            }
        }
    }

    /** Negative binomial as a gamma-Poisson mixture: mean {@code mean}, variance mean + mean^2 / shape. */
    int negativeBinomial(double mean, double shape) {
        if (mean <= 0) {
            return 0;
        }
        return poisson(mean * gamma(shape) / shape);
    }

    private static double logFactorial(long k) {
        return Gamma.logGamma(k + 1.0);
    }
}
