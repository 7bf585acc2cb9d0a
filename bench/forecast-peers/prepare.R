# Writes bench/out/forecast/<D>/{input.csv, actuals.csv, meta.properties} for one dataset D, in the
# forecast-file input format: series_id, ds, y[, regressors]; the hold-out rows at the end of each series
# have an empty y but carry their regressor values. Usage:
#   Rscript prepare.R <pharma|generator|kaggle|cgpz> <out-root> [generator demand_daily.csv]
args <- commandArgs(trailingOnly = TRUE)
dataset <- args[1]
out_root <- args[2]
datasets <- Sys.getenv("NIGHTSHIFT_DATASETS", "/work/shared/datasets")
out <- file.path(out_root, dataset)
dir.create(out, recursive = TRUE, showWarnings = FALSE)

# group: a column naming each series' group (forecast-file --group, for the global model's group encodings), or "".
write_dataset <- function(long, horizon, frequency, regressors = character(), group = "") {
  long <- long[order(long$series_id, long$ds), ]
  holdout <- ave(seq_len(nrow(long)), long$series_id, FUN = function(i) seq_along(i) > length(i) - horizon)
  holdout <- holdout == 1
  input <- long[, c("series_id", "ds", "y", regressors, if (nzchar(group)) group)]
  input$y <- ifelse(holdout, NA, input$y)
  write.csv(input, file.path(out, "input.csv"), row.names = FALSE, na = "", quote = FALSE)
  write.csv(long[holdout, c("series_id", "ds", "y")], file.path(out, "actuals.csv"), row.names = FALSE, quote = FALSE)
  writeLines(c(paste0("frequency=", frequency), paste0("horizon=", horizon),
               paste0("regressors=", paste(regressors, collapse = ",")), paste0("group=", group)),
             file.path(out, "meta.properties"))
  cat(sprintf("%s: %d series, %d rows, horizon %d (%s), regressors [%s] -> %s\n", dataset,
              length(unique(long$series_id)), nrow(long), horizon, frequency, paste(regressors, collapse = ","), out))
}

if (dataset == "pharma") {
  raw <- read.csv(file.path(datasets, "pharma-sales-daily/salesdaily.csv"), check.names = FALSE)
  ds <- as.Date(raw$datum, format = "%m/%d/%Y")
  categories <- c("M01AB", "M01AE", "N02BA", "N02BE", "N05B", "N05C", "R03", "R06")
  long <- do.call(rbind, lapply(categories, function(c) data.frame(series_id = c, ds = ds, y = raw[[c]])))
  long$ds <- format(long$ds, "%Y-%m-%d")
  long$group <- substr(long$series_id, 1, 3)  # ATC group: M01, N02, N05, R03, R06
  write_dataset(long, 28, "daily", group = "group")
} else if (dataset == "kaggle") {
  raw <- read.csv(gzfile(file.path(datasets, "kaggle-store-item-demand/train.csv.gz")))
  long <- data.frame(series_id = sprintf("s%02d_i%02d", raw$store, raw$item), ds = raw$date, y = raw$sales,
                     group = sprintf("i%02d", raw$item))  # the same item in every store
  write_dataset(long, 28, "daily", group = "group")
} else if (dataset == "cgpz") {
  raw <- read.csv(file.path(datasets, "cgpz-demand-prediction-guide/data_raw.csv"))
  long <- data.frame(series_id = sprintf("sku%02d", raw$sku), ds = raw$week, y = raw$weekly_sales,
                     price = raw$price, promotion = ifelse(raw$feat_main_page == "True", 1, 0),
                     group = gsub("[^A-Za-z0-9]+", "_", raw$functionality))  # product family
  write_dataset(long, 13, "weekly", c("price", "promotion"), group = "group")
} else if (dataset == "generator") {
  # The sample shop's observed daily units per product (sold_units: censored by stock on stock-out days,
  # kept as observed, as a shop's own sales history would show them), from launch to the last day.
  raw <- read.csv(args[3])
  long <- data.frame(series_id = sprintf("p%04d", raw$product_id), ds = raw$day, y = raw$sold_units)
  products <- read.csv(file.path(dirname(args[3]), "products.csv"))  # the stage's group: the category
  long$group <- products$category[match(raw$product_id, products$product_id)]
  write_dataset(long, 28, "daily", group = "group")
} else {
  stop("unknown dataset ", dataset, " (pharma, generator, kaggle, cgpz)")
}
