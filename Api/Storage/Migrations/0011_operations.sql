-- Operations (issue 16).
-- The W3C traceparent of the work that recorded a change (a request, or the registration writer's batch), so the
-- webhook delivery that sends it, later and perhaps in another process, continues the same trace. NULL when
-- nothing was being traced.
ALTER TABLE changes ADD COLUMN trace_parent TEXT NULL;

-- GET /health/ready proves the database takes writes by writing here: one row, updated in place.
CREATE TABLE health_probes (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    checked_at INTEGER NOT NULL
);
