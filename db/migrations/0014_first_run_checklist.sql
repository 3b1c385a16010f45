-- When an admin dismissed the dashboard's first-run checklist (null: it shows while items are open).
ALTER TABLE "businesses" ADD COLUMN "first_run_checklist_dismissed_at" timestamp with time zone;