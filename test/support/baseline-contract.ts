/**
 * The behaviour every baseline store must have, run against each backend (SQLite file, DynamoDB
 * on moto): round trips, conditional commits, isolation, large partitions, and no lost update
 * when two writers race.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { mutatePartition } from '../../functions/engine/baseline/ledger.ts';
import type { BaselineRecord, BaselineStore, Partition } from '../../functions/engine/baseline/types.ts';
import { baselineRecord } from './baseline.ts';

const HERE: Partition = { account: '111122223333', region: 'us-east-1' };
const THERE: Partition = { account: '111122223333', region: 'eu-west-1' };

export const describeBaselineStoreContract = (name: string, open: () => Promise<BaselineStore>): void => {
  describe(`${name} (baseline store contract)`, () => {
    let store: BaselineStore;
    beforeEach(async () => {
      store = await open();
      return () => store.close();
    });

    it('starts empty at version 0', async () => {
      expect(await store.load(HERE)).toEqual({ partition: HERE, version: 0, sweptAt: undefined, records: [] });
    });

    it('round-trips records exactly, with the sweep time, and bumps the version', async () => {
      const failing = baselineRecord('vpce-1', { status: 'FAIL', alerted: 'failing' });
      const passing = baselineRecord('vpce-2');
      expect(await store.commit(HERE, 0, { put: [failing, passing], remove: [], sweptAt: '2026-11-22T10:00:00.000Z' })).toBe(
        true,
      );
      const loaded = await store.load(HERE);
      expect(loaded.version).toBe(1);
      expect(loaded.sweptAt).toBe('2026-11-22T10:00:00.000Z');
      expect(sortById(loaded.records)).toEqual(JSON.parse(JSON.stringify([failing, passing])));
    });

    it('refuses a commit against a version that is no longer current, changing nothing', async () => {
      await store.commit(HERE, 0, { put: [baselineRecord('vpce-1')], remove: [] });
      expect(await store.commit(HERE, 0, { put: [baselineRecord('vpce-2')], remove: [], sweptAt: 'x' })).toBe(false);
      const loaded = await store.load(HERE);
      expect(loaded.records.map((record) => record.resourceId)).toEqual(['vpce-1']);
      expect(loaded).toMatchObject({ version: 1, sweptAt: undefined });
    });

    it('replaces and removes records, and keeps the sweep time when a commit does not set one', async () => {
      await store.commit(HERE, 0, { put: [baselineRecord('vpce-1'), baselineRecord('vpce-2')], remove: [], sweptAt: 't1' });
      await store.commit(HERE, 1, { put: [baselineRecord('vpce-1', { status: 'FAIL' })], remove: [baselineRecord('vpce-2')] });
      const loaded = await store.load(HERE);
      expect(loaded.records.map((record) => [record.resourceId, record.status])).toEqual([['vpce-1', 'FAIL']]);
      expect(loaded).toMatchObject({ version: 2, sweptAt: 't1' });
    });

    it('keeps the egress addresses of the newest commit that set them, partition by partition (issue 14)', async () => {
      expect(await store.loadEgress(HERE)).toBeUndefined();
      const egress = {
        recordedAt: '2026-11-22T10:00:00.000Z',
        addresses: [
          { publicIp: '203.0.113.25', vpcId: 'vpc-0a1b2c3d', via: 'nat-gateway' as const, resourceId: 'nat-0a1b2c3d4e5f60001' },
        ],
      };
      expect(await store.commit(HERE, 0, { put: [baselineRecord('vpce-1')], remove: [], sweptAt: 't1', egress })).toBe(true);
      // A commit that does not set them (a focused re-check) keeps them.
      expect(await store.commit(HERE, 1, { put: [baselineRecord('vpce-2')], remove: [] })).toBe(true);
      expect(await store.loadEgress(HERE)).toEqual(egress);
      expect(await store.loadEgress(THERE)).toBeUndefined();
      const next = { recordedAt: '2026-11-22T11:00:00.000Z', addresses: [] };
      expect(await store.commit(HERE, 2, { put: [], remove: [], sweptAt: 't2', egress: next })).toBe(true);
      expect(await store.loadEgress(HERE)).toEqual(next);
    });

    it('keeps partitions apart', async () => {
      await store.commit(HERE, 0, { put: [baselineRecord('vpce-1')], remove: [] });
      expect(await store.load(THERE)).toMatchObject({ version: 0, records: [] });
      expect(await store.commit(THERE, 0, { put: [baselineRecord('vpce-9', { region: THERE.region })], remove: [] })).toBe(true);
      expect((await store.load(HERE)).records.map((record) => record.resourceId)).toEqual(['vpce-1']);
    });

    it('holds a partition larger than one transaction or one page', async () => {
      const many = Array.from({ length: 260 }, (_, index) => baselineRecord(`vpce-${String(index).padStart(4, '0')}`));
      expect(await store.commit(HERE, 0, { put: many, remove: [], sweptAt: 't' })).toBe(true);
      const loaded = await store.load(HERE);
      expect(loaded.records).toHaveLength(260);
      expect(loaded.sweptAt).toBe('t');
      expect(await store.commit(HERE, loaded.version, { put: [], remove: many.slice(0, 200) })).toBe(true);
      expect((await store.load(HERE)).records).toHaveLength(60);
    });

    it('lets exactly one of six writers that read the same version commit, every time', async () => {
      for (let round = 0; round < 40; round++) {
        const snapshot = await store.load(HERE);
        const outcomes = await Promise.all(
          Array.from({ length: 6 }, (_, writer) =>
            store.commit(HERE, snapshot.version, { put: [baselineRecord(`vpce-r${round}-w${writer}`)], remove: [] }),
          ),
        );
        expect(outcomes.filter(Boolean), `round ${round}`).toHaveLength(1);
      }
      expect((await store.load(HERE)).records).toHaveLength(40);
    });

    it('loses no update when two writers race: the loser reloads, recomputes and commits', async () => {
      // Both writers read version 0 before either commits.
      const first = await store.load(HERE);
      const second = await store.load(HERE);
      expect(await store.commit(HERE, first.version, { put: [baselineRecord('vpce-sweep')], remove: [] })).toBe(true);
      expect(await store.commit(HERE, second.version, { put: [baselineRecord('vpce-recheck')], remove: [] })).toBe(false);
      let attempts = 0;
      await mutatePartition(store, HERE, (snapshot) => {
        attempts++;
        return {
          change: { put: [...snapshot.records, baselineRecord('vpce-recheck')], remove: [] },
          result: undefined,
        };
      });
      expect(attempts).toBe(1);
      expect((await store.load(HERE)).records.map((record) => record.resourceId).sort()).toEqual(['vpce-recheck', 'vpce-sweep']);
    });
  });
};

const sortById = (records: readonly BaselineRecord[]) => [...records].sort((a, b) => a.resourceId.localeCompare(b.resourceId));
