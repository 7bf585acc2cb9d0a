# Scores every forecast file in bench/out/forecast/<D>/ (peer_<method>.csv from run-peers.R, and any
# nightshift*.csv in the same format: series_id, ds, yhat, yhat_lower, yhat_upper[, model]) on the hold-out
# in actuals.csv, over the series every file covers. Prints one row per method:
#   MASE   mean over series of MAE(hold-out) / MAE of the in-sample seasonal naive forecast (m = 7 for daily
#          data; m = 52 for weekly data with at least two years of history, else m = 1, the M4 convention);
#          series whose scale is 0 (a constant history) are left out of the mean and counted.
#   median MASE  the median over the same series.
#   sMAPE  mean over series and days of 200 |y - f| / (|y| + |f|), 0 when both are 0 (in %).
#   cover  share of hold-out points inside [yhat_lower, yhat_upper] (nominal 90%).
#   s/series  seconds per series from <file>_seconds.txt (total_seconds series_count), when present.
# Usage: Rscript score.R <dir>
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
meta <- readLines(file.path(dir, "meta.properties"))
frequency <- sub("^frequency=", "", grep("^frequency=", meta, value = TRUE))
input <- read.csv(file.path(dir, "input.csv"), colClasses = c(series_id = "character", ds = "character"))
actuals <- read.csv(file.path(dir, "actuals.csv"), colClasses = c(series_id = "character", ds = "character"))
files <- list.files(dir, pattern = "^(peer_[a-z]+|nightshift[A-Za-z0-9_-]*)\\.csv$")
if (!length(files)) stop("no forecast files in ", dir)
forecasts <- lapply(files, function(f) read.csv(file.path(dir, f), colClasses = c(series_id = "character", ds = "character")))
names(forecasts) <- sub("\\.csv$", "", files)
common <- Reduce(intersect, lapply(forecasts, function(f) unique(f$series_id)))

history <- input[!is.na(input$y) & input$series_id %in% common, ]
history <- history[order(history$series_id, history$ds), ]
scale <- tapply(history$y, history$series_id, function(y) {
  m <- if (frequency == "daily") 7 else if (frequency == "weekly" && length(y) >= 104) 52 else if (frequency == "weekly") 1 else 12
  if (length(y) <= m) return(NA)
  mean(abs(diff(y, lag = m)))
})
usable <- names(scale)[!is.na(scale) & scale > 0]

rows <- list()
for (name in names(forecasts)) {
  f <- merge(actuals[actuals$series_id %in% common, ], forecasts[[name]], by = c("series_id", "ds"))
  if (nrow(f) != sum(actuals$series_id %in% common)) stop(name, ": forecast rows do not match the hold-out")
  mase <- tapply(abs(f$y - f$yhat), f$series_id, mean)[usable] / scale[usable]
  denominator <- abs(f$y) + abs(f$yhat)
  smape_point <- ifelse(denominator == 0, 0, 200 * abs(f$y - f$yhat) / denominator)
  smape <- mean(tapply(smape_point, f$series_id, mean))
  cover <- mean(f$y >= f$yhat_lower & f$y <= f$yhat_upper)
  seconds_file <- file.path(dir, paste0(name, "_seconds.txt"))
  per_series <- NA
  if (file.exists(seconds_file)) {
    s <- scan(seconds_file, quiet = TRUE)
    per_series <- s[1] / s[2]
  }
  rows[[name]] <- data.frame(method = name, MASE = mean(mase), median_MASE = median(mase), sMAPE = smape, cover = cover,
                             s_per_series = per_series)
}
table <- do.call(rbind, rows)
cat(sprintf("%s: %d series (%d with a non-zero MASE scale), horizon %d, %s\n", basename(dir), length(common),
            length(usable), length(unique(actuals$ds[actuals$series_id == common[1]])), frequency))
cat(sprintf("%-22s %7s %7s %7s %6s %10s\n", "method", "MASE", "median", "sMAPE", "cover", "s/series"))
for (i in seq_len(nrow(table))) {
  cat(sprintf("%-22s %7.3f %7.3f %7.2f %6.3f %10s\n", table$method[i], table$MASE[i], table$median_MASE[i],
              table$sMAPE[i], table$cover[i],
              ifelse(is.na(table$s_per_series[i]), "-", sprintf("%.4f", table$s_per_series[i]))))
}
