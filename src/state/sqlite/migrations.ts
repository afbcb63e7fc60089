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
]
