package io.nightshift.jobs.elasticity;

import io.nightshift.common.config.ElasticitySettings;
import java.io.Serializable;
import java.util.List;

/**
 * One product's own regression, before any pooling.
 *
 * @param status        {@link Status#FITTED} when {@code elasticity} and {@code standardError} hold an estimate
 * @param observations  usable days (not a stock-out, price known)
 * @param distinctPrices distinct own prices over the usable days
 */
public record ProductEstimate(
        int productId,
        String category,
        Status status,
        double elasticity,
        double standardError,
        long observations,
        int distinctPrices,
        long totalUnits)
        implements Serializable {

    public enum Status {
        FITTED("fitted"),
        NO_SALES("no sales in the window"),
        TOO_FEW_OBSERVATIONS("too few usable days"),
        TOO_FEW_PRICES("too few distinct prices"),
        TOO_FEW_UNITS("too few units sold"),
        FIT_FAILED("regression did not converge");

        public final String description;

        Status(String description) {
            this.description = description;
        }
    }

    public boolean fitted() {
        return status == Status.FITTED;
    }

    /**
     * The checks before a product's own regression, in the order they run: {@code FITTED} when the data are enough
     * to try the fit, else what is short. The stage, {@code elasticity-file} and {@code check-data} all ask this.
     */
    public static Status dataCheck(
            double units,
            long observations,
            long distinctPrices,
            long minObservations,
            long minDistinctPrices,
            double minUnits) {
        if (units == 0) {
            return Status.NO_SALES;
        } else if (observations < minObservations) {
            return Status.TOO_FEW_OBSERVATIONS;
        } else if (distinctPrices < minDistinctPrices) {
            return Status.TOO_FEW_PRICES;
        } else if (units < minUnits) {
            return Status.TOO_FEW_UNITS;
        }
        return Status.FITTED;
    }

    /** Fits one product's regression; thresholds from the settings decide whether there is enough to fit. */
    public static ProductEstimate estimate(
            int productId, String category, List<DemandDesign.Day> history, ElasticitySettings settings) {
        DemandDesign.Design design = DemandDesign.build(history, settings.addToCartFunnel());
        long n = design.observations();
        Status status = dataCheck(
                design.totalUnits(),
                n,
                design.distinctPrices(),
                settings.minObservations(),
                settings.minDistinctPrices(),
                settings.minUnits());
        if (status == Status.FITTED) {
            PoissonRegression.Fit fit =
                    PoissonRegression.fit(design.x(), design.units(), design.epochDay(), settings.hacLagDays());
            int[] response = design.response();
            if (fit.converged() && response != null) {
                // Stacked units and add-to-cart rows: refit with each response weighted by its precision.
                int[] own = design.responseParameters();
                double[] weights = PoissonRegression.dispersionWeights(
                        design.x(), design.units(), fit.coefficients(), response, own);
                PoissonRegression.Fit weighted = PoissonRegression.fit(
                        design.x(), design.units(), weights, design.epochDay(), settings.hacLagDays());
                if (weighted.converged()) {
                    fit = weighted;
                }
            }
            double se = fit.covariance() == null ? Double.NaN : fit.standardError(DemandDesign.PRICE_COLUMN);
            double beta = fit.coefficients()[DemandDesign.PRICE_COLUMN];
            if (fit.converged() && Double.isFinite(beta) && Double.isFinite(se) && se > 0) {
                return new ProductEstimate(
                        productId, category, Status.FITTED, beta, se, n, design.distinctPrices(), design.totalUnits());
            }
            status = Status.FIT_FAILED;
        }
        return new ProductEstimate(
                productId, category, status, Double.NaN, Double.NaN, n, design.distinctPrices(), design.totalUnits());
    }
}
