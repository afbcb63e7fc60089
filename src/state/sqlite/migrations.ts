/**
 * The schema, as an ordered list of migrations. A database records how many it has applied
 * (PRAGMA user_version); opening it applies the rest, each in its own transaction. Never edit
 * a migration that has shipped: add the next one.
 *
 * Records are JSON documents in `doc`, beside the columns that queries filter and sort on.
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) STRICT;
  INSERT INTO meta (key, value) VALUES ('index', 0);

  CREATE TABLE clusters (
    arn TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;

  CREATE TABLE task_definitions (
    family TEXT NOT NULL,
    revision INTEGER NOT NULL,
    status TEXT NOT NULL,
    doc TEXT NOT NULL,
    PRIMARY KEY (family, revision)
  ) STRICT;
  CREATE INDEX task_definitions_status ON task_definitions (status, family, revision);

  CREATE TABLE container_instances (
    arn TEXT PRIMARY KEY,
    cluster_arn TEXT NOT NULL,
    status TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX container_instances_cluster ON container_instances (cluster_arn, arn);

  CREATE TABLE tags (
    resource_arn TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (resource_arn, key)
  ) STRICT;
  `,
  `
  CREATE TABLE tasks (
    arn TEXT PRIMARY KEY,
    cluster_arn TEXT NOT NULL,
    container_instance_arn TEXT NOT NULL,
    family TEXT NOT NULL,
    started_by TEXT,
    task_group TEXT NOT NULL,
    desired_status TEXT NOT NULL,
    last_status TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX tasks_cluster ON tasks (cluster_arn, arn);
  CREATE INDEX tasks_instance ON tasks (container_instance_arn, last_status);
  `,
  // 3: CloudWatch Logs. Events are ordered within a stream by (timestamp, seq), seq being the
  // stream's own counter (next_seq); in a group by (timestamp, stream_id, seq). shipped_through
  // is the agent's last applied sequence (appendLogEvents). Deleting a group or a stream takes
  // its streams and events with it (foreign keys are on).
  `
  CREATE TABLE log_groups (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    creation_time INTEGER NOT NULL,
    retention_days INTEGER,
    kms_key_id TEXT
  ) STRICT;

  CREATE TABLE log_streams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    group_id INTEGER NOT NULL REFERENCES log_groups (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    creation_time INTEGER NOT NULL,
    first_event_ts INTEGER,
    last_event_ts INTEGER,
    last_ingestion_time INTEGER,
    stored_bytes INTEGER NOT NULL DEFAULT 0,
    next_seq INTEGER NOT NULL DEFAULT 1,
    shipped_through INTEGER NOT NULL DEFAULT 0,
    UNIQUE (group_id, name)
  ) STRICT;
  CREATE INDEX log_streams_last_event ON log_streams (group_id, IFNULL(last_event_ts, -1), name);

  CREATE TABLE log_events (
    stream_id INTEGER NOT NULL REFERENCES log_streams (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    group_id INTEGER NOT NULL,
    timestamp INTEGER NOT NULL,
    ingestion_time INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (stream_id, seq)
  ) STRICT;
  CREATE INDEX log_events_stream_time ON log_events (stream_id, timestamp, seq);
  CREATE INDEX log_events_group_time ON log_events (group_id, timestamp, stream_id, seq);
  `,
  // 4: every record carries the index of the transaction that last wrote it, so a controller
  // can ask which records of a table changed since an index it has seen (Store.watch tells it
  // when; `changedSince` what).
  `
  ALTER TABLE clusters ADD COLUMN modified_index INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE task_definitions ADD COLUMN modified_index INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE container_instances ADD COLUMN modified_index INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE tasks ADD COLUMN modified_index INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX container_instances_modified ON container_instances (modified_index);
  CREATE INDEX tasks_modified ON tasks (modified_index);
  CREATE INDEX tasks_instance_modified ON tasks (container_instance_arn, modified_index);
  `,
  // 5: services. A service's deployments (the `deployments` of DescribeServices) live in its
  // document; the 2025 API's service deployments and revisions, and the event log, have tables
  // of their own. Tasks are found by service through their group.
  `
  CREATE TABLE services (
    arn TEXT PRIMARY KEY,
    cluster_arn TEXT NOT NULL,
    name TEXT NOT NULL,
    status TEXT NOT NULL,
    scheduling_strategy TEXT NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX services_cluster ON services (cluster_arn, status, arn);
  CREATE INDEX services_modified ON services (modified_index);

  CREATE TABLE service_deployments (
    arn TEXT PRIMARY KEY,
    service_arn TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    status TEXT NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX service_deployments_service ON service_deployments (service_arn, created_at, arn);

  CREATE TABLE service_revisions (
    arn TEXT PRIMARY KEY,
    service_arn TEXT NOT NULL,
    doc TEXT NOT NULL
  ) STRICT;
  CREATE INDEX service_revisions_service ON service_revisions (service_arn);

  CREATE TABLE service_events (
    service_arn TEXT NOT NULL,
    seq INTEGER NOT NULL,
    id TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    message TEXT NOT NULL,
    PRIMARY KEY (service_arn, seq)
  ) STRICT;

  CREATE INDEX tasks_group ON tasks (cluster_arn, task_group, arn);
  `,
  // 6: ELBv2. Records are documents; the columns are what lookups key on. Which target groups
  // a load balancer uses is derived from listeners and rules, never stored. Targets are keyed
  // by (group, id, port), as ELB keys them.
  `
  CREATE TABLE load_balancers (
    arn TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE listeners (
    arn TEXT PRIMARY KEY,
    load_balancer_arn TEXT NOT NULL,
    port INTEGER NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX listeners_load_balancer ON listeners (load_balancer_arn, port);

  CREATE TABLE rules (
    arn TEXT PRIMARY KEY,
    listener_arn TEXT NOT NULL,
    load_balancer_arn TEXT NOT NULL,
    priority INTEGER NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE UNIQUE INDEX rules_listener_priority ON rules (listener_arn, priority);
  CREATE INDEX rules_load_balancer ON rules (load_balancer_arn);

  CREATE TABLE target_groups (
    arn TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE targets (
    target_group_arn TEXT NOT NULL,
    id TEXT NOT NULL,
    port INTEGER NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL,
    PRIMARY KEY (target_group_arn, id, port)
  ) STRICT;
  `,
  // 7: CloudWatch metric alarms, keyed by name, and their history (kept 30 days, also after
  // the alarm is deleted). The columns are what DescribeAlarms and DescribeAlarmsForMetric
  // filter on; history is read in time order by alarm or across all of them.
  `
  CREATE TABLE alarms (
    name TEXT PRIMARY KEY,
    state TEXT NOT NULL,
    namespace TEXT NOT NULL,
    metric_name TEXT NOT NULL,
    owned_by TEXT,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX alarms_metric ON alarms (namespace, metric_name, name);

  CREATE TABLE alarm_history (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    alarm_name TEXT NOT NULL,
    timestamp INTEGER NOT NULL,
    type TEXT NOT NULL,
    summary TEXT NOT NULL,
    data TEXT NOT NULL
  ) STRICT;
  CREATE INDEX alarm_history_alarm ON alarm_history (alarm_name, timestamp, seq);
  CREATE INDEX alarm_history_time ON alarm_history (timestamp, seq);
  `,
  // 8: Application Auto Scaling. Records are documents keyed as the API names them (a target
  // by its resource id, policies and scheduled actions by target and name); activities are
  // bounded per target by the repository.
  `
  CREATE TABLE scalable_targets (
    resource_id TEXT PRIMARY KEY,
    arn TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;

  CREATE TABLE scaling_policies (
    resource_id TEXT NOT NULL,
    name TEXT NOT NULL,
    arn TEXT NOT NULL UNIQUE,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL,
    PRIMARY KEY (resource_id, name)
  ) STRICT;

  CREATE TABLE scheduled_actions (
    resource_id TEXT NOT NULL,
    name TEXT NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL,
    PRIMARY KEY (resource_id, name)
  ) STRICT;

  CREATE TABLE scaling_activities (
    id TEXT PRIMARY KEY,
    resource_id TEXT NOT NULL,
    start_time INTEGER NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  CREATE INDEX scaling_activities_target ON scaling_activities (resource_id, start_time, id);
  `,
  // 9: ECS account settings (PutAccountSetting, PutAccountSettingDefault): a value per
  // principal ARN and setting name; the account default is the root principal's row.
  `
  CREATE TABLE account_settings (
    principal_arn TEXT NOT NULL,
    name TEXT NOT NULL,
    value TEXT NOT NULL,
    modified_index INTEGER NOT NULL,
    PRIMARY KEY (principal_arn, name)
  ) STRICT;
  `,
  // 10: ECS capacity providers (CreateCapacityProvider): a document per name; FARGATE and
  // FARGATE_SPOT are every account's and not stored.
  `
  CREATE TABLE capacity_providers (
    name TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    doc TEXT NOT NULL,
    modified_index INTEGER NOT NULL
  ) STRICT;
  `,
]
