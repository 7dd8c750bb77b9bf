import { describe, expect, it } from 'vitest';
import { parseClientIdPath } from '../../../protocol/identifiers/index.js';
import { MemoryOpMonitor } from './op-monitor.js';
import { rec, storeWith } from './test-fixture.js';

const ids = (rs: { messageId?: string }[]) => rs.map((r) => r.messageId);

describe('MemoryOpMonitor query (OPMON-002/003 semantics of OperationalDataRecordManager)', () => {
  it('both ends inclusive, ascending by monitoringDataTs whatever the arrival order', () => {
    const store = storeWith([rec(105), rec(100), rec(110), rec(99), rec(111)]);
    expect(ids(store.query({ recordsFrom: 100, recordsTo: 110, maxRecords: 10 }).records)).toEqual(['m-100', 'm-105', 'm-110']);
  });

  it('truncation keeps every record of the last included second; nextRecordsFrom = that second + 1 when more remain', () => {
    const store = storeWith([rec(1), rec(2), rec(3, { messageId: 'a' }), rec(3, { messageId: 'b' }), rec(3, { messageId: 'c' }), rec(4), rec(5)]);
    const r = store.query({ recordsFrom: 0, recordsTo: 10, maxRecords: 3 });
    expect(ids(r.records)).toEqual(['m-1', 'm-2', 'a', 'b', 'c']);
    expect(r.nextRecordsFrom).toBe(4);
    // Everything fits: no nextRecordsFrom.
    expect(store.query({ recordsFrom: 0, recordsTo: 10, maxRecords: 7 }).nextRecordsFrom).toBeUndefined();
    // Cut exactly at the end of the range: nothing left out, no nextRecordsFrom.
    const tail = storeWith([rec(1), rec(2), rec(2)]).query({ recordsFrom: 0, recordsTo: 10, maxRecords: 2 });
    expect(ids(tail.records)).toEqual(['m-1', 'm-2', 'm-2']);
    expect(tail.nextRecordsFrom).toBeUndefined();
  });

  it('exchangePartner matches the client in either role; serviceProvider only the provider', () => {
    const client = parseClientIdPath('DEV/COM/1234/CLIENT');
    const store = storeWith([
      rec(1, { messageId: 'as-client' }),
      rec(2, { messageId: 'as-provider', client: parseClientIdPath('DEV/COM/5678'), provider: 'DEV/COM/1234/CLIENT' }),
      rec(3, { messageId: 'unrelated', client: parseClientIdPath('DEV/COM/5678') }),
      rec(4, { messageId: 'member-not-subsystem', client: parseClientIdPath('DEV/COM/1234') }),
    ]);
    expect(ids(store.query({ recordsFrom: 0, recordsTo: 10, maxRecords: 10, exchangePartner: client }).records)).toEqual(['as-client', 'as-provider']);
    expect(ids(store.query({ recordsFrom: 0, recordsTo: 10, maxRecords: 10, serviceProvider: client }).records)).toEqual(['as-provider']);
    expect(ids(store.query({ recordsFrom: 0, recordsTo: 10, maxRecords: 10, serviceProvider: parseClientIdPath('DEV/GOV/4321/PROV') }).records)).toEqual([
      'as-client',
      'unrelated',
      'member-not-subsystem',
    ]);
  });

  it('records given with string ids only are matched through their parsed form', () => {
    const store = new MemoryOpMonitor();
    store.record({ ...rec(1), client: undefined, service: undefined, clientId: 'DEV/COM/1234/CLIENT', serviceId: 'DEV/GOV/4321/PROV/echo' });
    expect(store.query({ recordsFrom: 0, recordsTo: 9, maxRecords: 9, exchangePartner: parseClientIdPath('DEV/COM/1234/CLIENT') }).records.length).toBe(1);
    expect(store.query({ recordsFrom: 0, recordsTo: 9, maxRecords: 9, serviceProvider: parseClientIdPath('DEV/GOV/4321/PROV') }).records.length).toBe(1);
    expect(store.query({ recordsFrom: 0, recordsTo: 9, maxRecords: 9, serviceProvider: parseClientIdPath('DEV/GOV/4321') }).records.length).toBe(0);
  });

  it('is bounded: the oldest records go first', () => {
    const store = new MemoryOpMonitor({ capacity: 10 });
    for (let i = 0; i < 25; i++) store.record(rec(i));
    expect(store.records().length).toBeLessThanOrEqual(10);
    expect(store.records().at(-1)!.monitoringDataTs).toBe(24);
    expect(store.records()[0]!.monitoringDataTs).toBeGreaterThan(14);
  });
});
