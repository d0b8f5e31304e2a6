/**
 * The CLI's baseline: one SQLite file (Node's built-in `node:sqlite`, no native dependency).
 * Each commit is one `BEGIN IMMEDIATE` transaction that checks and bumps the partition version,
 * so two CLI runs on one file behave like two Lambdas on one DynamoDB table.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { ConfigError } from '../errors.ts';
import {
  type BaselineRecord,
  type BaselineStore,
  type EgressRecord,
  keyId,
  type Partition,
  type PartitionChange,
  type PartitionSnapshot,
  partitionId,
} from './types.ts';

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS partitions (id TEXT PRIMARY KEY, version INTEGER NOT NULL, swept_at TEXT, egress TEXT);
  CREATE TABLE IF NOT EXISTS records (
    partition_id TEXT NOT NULL,
    key TEXT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (partition_id, key)
  );
`;

export class SqliteBaselineStore implements BaselineStore {
  readonly name: string;
  readonly #db: DatabaseSync;

  constructor(path: string) {
    this.name = `SQLite file ${path}`;
    try {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      this.#db = new DatabaseSync(path, { timeout: 5_000 });
      this.#db.exec('PRAGMA journal_mode = WAL');
      this.#db.exec(SCHEMA);
      // A file written before egress addresses were kept gains the column; nothing else changes.
      const columns = this.#db.prepare('PRAGMA table_info(partitions)').all() as { name: string }[];
      if (!columns.some((column) => column.name === 'egress')) this.#db.exec('ALTER TABLE partitions ADD COLUMN egress TEXT');
    } catch (error) {
      throw new ConfigError('--baseline', `cannot open ${path} as a SQLite baseline: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  async load(partition: Partition): Promise<PartitionSnapshot> {
    const id = partitionId(partition);
    const row = this.#db.prepare('SELECT version, swept_at FROM partitions WHERE id = ?').get(id) as
      | { version: number; swept_at: string | null }
      | undefined;
    const records = (
      this.#db.prepare('SELECT data FROM records WHERE partition_id = ? ORDER BY key').all(id) as { data: string }[]
    ).map((entry) => JSON.parse(entry.data) as BaselineRecord);
    return { partition, version: row?.version ?? 0, sweptAt: row?.swept_at ?? undefined, records };
  }

  async commit(partition: Partition, expectedVersion: number, change: PartitionChange): Promise<boolean> {
    const id = partitionId(partition);
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const row = this.#db.prepare('SELECT version, swept_at, egress FROM partitions WHERE id = ?').get(id) as
        | { version: number; swept_at: string | null; egress: string | null }
        | undefined;
      if ((row?.version ?? 0) !== expectedVersion) {
        this.#db.exec('ROLLBACK');
        return false;
      }
      const upsert = this.#db.prepare(
        'INSERT INTO records (partition_id, key, data) VALUES (?, ?, ?) ON CONFLICT (partition_id, key) DO UPDATE SET data = excluded.data',
      );
      for (const record of change.put) upsert.run(id, keyId(record), JSON.stringify(record));
      const remove = this.#db.prepare('DELETE FROM records WHERE partition_id = ? AND key = ?');
      for (const key of change.remove) remove.run(id, keyId(key));
      this.#db
        .prepare(
          'INSERT INTO partitions (id, version, swept_at, egress) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET version = excluded.version, swept_at = excluded.swept_at, egress = excluded.egress',
        )
        .run(
          id,
          expectedVersion + 1,
          change.sweptAt ?? row?.swept_at ?? null,
          change.egress ? JSON.stringify(change.egress) : (row?.egress ?? null),
        );
      this.#db.exec('COMMIT');
      return true;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async loadEgress(partition: Partition): Promise<EgressRecord | undefined> {
    const row = this.#db.prepare('SELECT egress FROM partitions WHERE id = ?').get(partitionId(partition)) as
      | { egress: string | null }
      | undefined;
    return row?.egress ? (JSON.parse(row.egress) as EgressRecord) : undefined;
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}
