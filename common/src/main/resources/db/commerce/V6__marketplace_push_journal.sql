-- sync-inventory's write-ahead journal of push attempts. A row is inserted (status SENT) and committed
-- before the request that carries the SKU leaves, and updated with the answer and the item's outcome, so a
-- run killed mid-push still leaves every attempt it made. The journal is folded into the Delta table
-- gold.marketplace_push_ledger (same columns, same key) at the end of each run and at the start of the next;
-- the fold inserts only keys the ledger lacks, so folding twice never doubles a row.
CREATE TABLE marketplace_push_journal (
    run_date         date         NOT NULL,
    marketplace      varchar(20)  NOT NULL CHECK (marketplace IN ('rest', 'ebay', 'amazon', 'shopify')),
    sku              varchar(128) NOT NULL,
    quantity         integer      NOT NULL CHECK (quantity >= 0),
    attempt          integer      NOT NULL CHECK (attempt > 0),
    status           varchar(16)  NOT NULL CHECK (status IN ('SENT', 'ACKNOWLEDGED', 'RETRYING', 'REJECTED', 'FAILED')),
    http_status      integer,
    error            varchar(400),
    sent_at          timestamptz,
    acknowledged_at  timestamptz,
    PRIMARY KEY (run_date, marketplace, sku, attempt)
);
