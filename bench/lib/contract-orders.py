#!/usr/bin/env python3
"""Writes LINES order lines in the import contract's columns (deterministic, seed 1): a gift shop's two years of
history, 4,000 SKUs, about 3.3 lines per order, a third of the orders by guests, 2% return lines (negative
quantities, their own C-prefixed orders), 1% postage lines (non-product), a few cancelled and refunded orders.

Usage: contract-orders.py LINES OUT.csv
"""
import random
import sys
from datetime import datetime, timedelta, timezone

lines, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(1)
skus = ["%05d%s" % (10000 + i, "" if i % 5 else "A") for i in range(4000)]
prices = [round(rnd.choice([0.42, 0.85, 1.25, 1.65, 2.1, 2.55, 2.95, 3.75, 4.95, 7.95, 12.75]) * rnd.uniform(0.9, 1.1), 2) for _ in skus]
start = datetime(2024, 12, 1, 8, 0, tzinfo=timezone(timedelta(hours=0)))
written = 0
order = 536365
with open(out, "w", encoding="utf-8", newline="\n") as f:
    f.write("order_id,line_id,ordered_at,sku,quantity,unit_price,currency,customer_key,channel,discount,status,product_name\n")
    while written < lines:
        order += 1
        at = start + timedelta(seconds=int(written * 63.1) + rnd.randint(0, 50))
        stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        guest = rnd.random() < 0.33
        customer = "" if guest else str(12346 + rnd.randint(0, 4300))
        ret = rnd.random() < 0.02
        oid = ("C%d" % order) if ret else str(order)
        status = "paid" if rnd.random() > 0.02 else rnd.choice(["cancelled", "refunded"])
        n = min(lines - written, max(1, int(rnd.expovariate(1 / 3.3))))
        for line in range(1, n + 1):
            if not ret and line == n and rnd.random() < 0.03:
                f.write("%s,%d,%s,POST,1,18.00,GBP,%s,web,,%s,POSTAGE\n" % (oid, line, stamp, customer, status))
            else:
                i = rnd.randrange(len(skus))
                q = rnd.choice([1, 1, 2, 3, 4, 6, 12, 24])
                f.write("%s,%d,%s,%s,%d,%.2f,GBP,%s,web,,%s,ITEM %s\n" % (
                    oid, line, stamp, skus[i], -q if ret else q, prices[i], customer, status, skus[i]))
            written += 1
