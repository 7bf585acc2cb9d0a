# Fits the R peers on every series of bench/out/forecast/<D>/input.csv and forecasts its hold-out rows:
# Prophet (multiplicative seasonality as in the seed: weekly + yearly for daily data, yearly only for weekly
# data, the dataset's regressors through add_regressor), forecast::ets and forecast::auto.arima (regressors as
# xreg), all with 90% intervals. Writes peer_<method>.csv (series_id, ds, yhat, yhat_lower, yhat_upper) and
# peer_<method>_seconds.txt (total_seconds series_count: fitting and forecasting CPU seconds of this R process
# and its children, user + system, one core, no I/O; CPU time rather than wall time so that the figure holds
# on a machine shared with other work; the wall time is printed too).
# Usage: Rscript run-peers.R <dir> [series-limit] [methods, default prophet,ets,arima]
suppressPackageStartupMessages({ library(prophet); library(forecast) })
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
limit <- if (length(args) >= 2 && args[2] != "all") as.integer(args[2]) else NA
methods <- if (length(args) >= 3) strsplit(args[3], ",")[[1]] else c("prophet", "ets", "arima")
level <- 0.9

meta <- readLines(file.path(dir, "meta.properties"))
prop <- function(key) { v <- sub(paste0("^", key, "="), "", grep(paste0("^", key, "="), meta, value = TRUE)); if (length(v)) v else "" }
frequency <- prop("frequency")
regressors <- strsplit(prop("regressors"), ",")[[1]]
regressors <- regressors[nzchar(regressors)]
period <- if (frequency == "daily") 7 else if (frequency == "weekly") 52 else 12

input <- read.csv(file.path(dir, "input.csv"), colClasses = c(series_id = "character", ds = "character"))
ids <- sort(unique(input$series_id))
if (!is.na(limit)) ids <- head(ids, limit)
split_input <- split(input[input$series_id %in% ids, ], input$series_id[input$series_id %in% ids])

fit_prophet <- function(history, future) {
  m <- prophet(seasonality.mode = "multiplicative", yearly.seasonality = TRUE,
               weekly.seasonality = frequency == "daily", daily.seasonality = FALSE, interval.width = level,
               fit = FALSE)
  for (r in regressors) m <- add_regressor(m, r)
  m <- fit.prophet(m, data.frame(ds = as.Date(history$ds), y = history$y, history[regressors]))
  f <- predict(m, data.frame(ds = as.Date(future$ds), future[regressors]))
  data.frame(yhat = f$yhat, yhat_lower = f$yhat_lower, yhat_upper = f$yhat_upper)
}

# xreg columns that vary in the history (a constant column makes the regression singular).
xreg_of <- function(history, future) {
  keep <- regressors[vapply(regressors, function(r) length(unique(history[[r]])) > 1, logical(1))]
  if (!length(keep)) return(NULL)
  list(past = as.matrix(history[keep]), future = as.matrix(future[keep]))
}

fit_ets <- function(history, future) {
  # ets handles seasonal periods up to 24; weekly data (period 52) gets a non-seasonal model.
  y <- ts(history$y, frequency = if (period <= 24) period else 1)
  f <- forecast(ets(y), h = nrow(future), level = 100 * level)
  data.frame(yhat = as.numeric(f$mean), yhat_lower = as.numeric(f$lower), yhat_upper = as.numeric(f$upper))
}

fit_arima <- function(history, future) {
  y <- ts(history$y, frequency = period)
  x <- xreg_of(history, future)
  if (is.null(x)) {
    f <- forecast(auto.arima(y), h = nrow(future), level = 100 * level)
  } else {
    f <- forecast(auto.arima(y, xreg = x$past), xreg = x$future, level = 100 * level)
  }
  data.frame(yhat = as.numeric(f$mean), yhat_lower = as.numeric(f$lower), yhat_upper = as.numeric(f$upper))
}

# A failed fit is reported and replaced by the seasonal naive forecast, so every series has a row per day.
seasonal_naive <- function(history, future) {
  y <- history$y
  m <- if (length(y) > period) period else 1
  yhat <- rep(tail(y, m), length.out = nrow(future))
  data.frame(yhat = yhat, yhat_lower = yhat, yhat_upper = yhat)
}

for (method in methods) {
  fitter <- switch(method, prophet = fit_prophet, ets = fit_ets, arima = fit_arima, stop("unknown method ", method))
  results <- vector("list", length(split_input))
  failures <- 0
  seconds <- 0
  wall <- 0
  for (k in seq_along(split_input)) {
    s <- split_input[[k]]
    s <- s[order(s$ds), ]
    history <- s[!is.na(s$y), ]
    future <- s[is.na(s$y), ]
    set.seed(1)  # Prophet samples its intervals
    started <- proc.time()
    f <- tryCatch(suppressWarnings(suppressMessages(fitter(history, future))), error = function(e) {
      message(sprintf("%s failed on %s: %s", method, s$series_id[1], conditionMessage(e)))
      NULL
    })
    used <- proc.time() - started
    seconds <- seconds + sum(used[c("user.self", "sys.self", "user.child", "sys.child")], na.rm = TRUE)
    wall <- wall + used[["elapsed"]]
    if (is.null(f)) { failures <- failures + 1; f <- seasonal_naive(history, future) }
    results[[k]] <- data.frame(series_id = s$series_id[1], ds = future$ds, f)
  }
  out <- do.call(rbind, results)
  write.csv(out, file.path(dir, paste0("peer_", method, ".csv")), row.names = FALSE, quote = FALSE)
  writeLines(sprintf("%.3f %d", seconds, length(split_input)), file.path(dir, paste0("peer_", method, "_seconds.txt")))
  cat(sprintf("%s %s: %d series in %.1f CPU s (%.3f s per series; wall %.1f s), %d failed (seasonal naive instead)\n",
              basename(dir), method, length(split_input), seconds, seconds / length(split_input), wall, failures))
}
