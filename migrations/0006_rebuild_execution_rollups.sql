-- The daily rollups arrived (0005) after executions were already being recorded: compute them from
-- the executions table once, as rebuildRollups does (days in Europe/Berlin, the reporting time zone).
DELETE FROM "execution_daily_rollups";
--> statement-breakpoint
INSERT INTO "execution_daily_rollups" AS r
  ("customer_program_id", "customer_id", "day", "payment_status", "currency",
   "executions", "time_saved_seconds", "covered_seconds", "billed_seconds", "price")
SELECT "customer_program_id", "customer_id", ("created_at" AT TIME ZONE 'Europe/Berlin')::date,
  "payment_status", "currency", count(*), sum("time_saved_seconds"), sum("covered_seconds"),
  sum("billed_seconds"), sum("price")
FROM "executions"
GROUP BY 1, 2, 3, 4, 5;
