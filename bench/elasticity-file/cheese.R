# bayesm cheese for elasticity-file, and the R side of the comparison.
#   Rscript cheese.R prepare OUT_DIR            -> OUT_DIR/input.csv (series_id, ds, y, price, display, group)
#   Rscript cheese.R compare OUT_DIR            -> the fixed-effects fit, per-account OLS, and how often
#                                                  elasticity-file's intervals (OUT_DIR/nightshift.csv) cover them
# The file has no week column: rows of an account are in week order, so ds is a synthetic Monday per week
# (run elasticity-file with --no-calendar). Needs base R only.
args <- commandArgs(trailingOnly = TRUE)
mode <- args[1]
out <- args[2]
datasets <- Sys.getenv("NIGHTSHIFT_DATASETS", "/work/shared/datasets")
cheese <- read.csv(gzfile(file.path(datasets, "bayesm-cheese/cheese.csv.gz")))
cheese$week <- ave(seq_len(nrow(cheese)), cheese$RETAILER, FUN = seq_along)
if (mode == "prepare") {
  dir.create(out, recursive = TRUE, showWarnings = FALSE)
  input <- data.frame(series_id = cheese$RETAILER, ds = format(as.Date("2000-01-03") + 7 * (cheese$week - 1)),
                      y = cheese$VOLUME, price = cheese$PRICE, display = cheese$DISP, group = "all")
  write.csv(input, file.path(out, "input.csv"), row.names = FALSE)
  cat(sprintf("cheese: %d accounts, %d rows -> %s\n", length(unique(input$series_id)), nrow(input), out))
} else if (mode == "compare") {
  fe <- lm(log(VOLUME) ~ log(PRICE) + DISP + factor(RETAILER), data = cheese)
  b <- coef(summary(fe))["log(PRICE)", ]
  cat(sprintf("R log-log fixed effects (log volume ~ log price + display + account): %.3f (se %.3f, 90%% %.3f .. %.3f), %d rows\n",
              b[1], b[2], b[1] - 1.645 * b[2], b[1] + 1.645 * b[2], nrow(cheese)))
  ours <- read.csv(file.path(out, "nightshift.csv"))
  rows <- lapply(split(cheese, cheese$RETAILER), function(d) {
    fit <- lm(log(VOLUME) ~ log(PRICE) + DISP, data = d)
    # weeks of price variation: weeks priced more than 2% away from the account's median price
    varied <- sum(abs(d$PRICE / median(d$PRICE) - 1) > 0.02)
    data.frame(series_id = d$RETAILER[1], weeks = nrow(d), varied = varied,
               ols = unname(coef(fit)["log(PRICE)"]), ols_se = coef(summary(fit))["log(PRICE)", 2])
  })
  r <- merge(do.call(rbind, rows), ours, by = "series_id")
  write.csv(r, file.path(out, "compare.csv"), row.names = FALSE)
  eligible <- r[r$varied >= 20, ]
  covered <- eligible$ols >= eligible$ci_low & eligible$ols <= eligible$ci_high
  cat(sprintf("accounts: %d; with 20+ weeks of price variation: %d\n", nrow(r), nrow(eligible)))
  cat(sprintf("per-account OLS (log-log + display): median %.3f, mean %.3f, sd %.3f; elasticity-file own Poisson: median %.3f; shrunk: median %.3f, sd %.3f\n",
              median(r$ols), mean(r$ols), sd(r$ols), median(r$own_elasticity, na.rm = TRUE), median(r$elasticity), sd(r$elasticity)))
  cat(sprintf("shrunk 90%% intervals cover the per-account OLS estimate: %d of %d = %.1f%% (all accounts: %.1f%%)\n",
              sum(covered), nrow(eligible), 100 * mean(covered),
              100 * mean(r$ols >= r$ci_low & r$ols <= r$ci_high)))
  cat(sprintf("correlation of shrunk and OLS estimates: %.3f; mean absolute difference %.3f\n",
              cor(r$elasticity, r$ols), mean(abs(r$elasticity - r$ols))))
} else {
  stop("mode: prepare or compare")
}
