// Pulls what the collectors received since the last pull into the dashboard model: the Vault
// RecordStore by arrival index, and a Kava event source when there is one.
import type { RecordStore } from '../collector/record-store';
import { fromKavaEvent, fromVaultRecord, type KavaEventLike } from './events';
import type { DashboardModel } from './model';

/**
 * What the dashboard needs of the local Kava collector (server/kava): its events after an index,
 * oldest first, and how many it received since its last reset (indexes restart at 1 then).
 */
export interface KavaSource {
  eventsSince(since: number): KavaEventLike[];
  received(): number;
}

/** At most this many new items per pull, so one pull after a long run cannot stall the server. */
const MAX_PER_PULL = 20_000;

export function createFeed(model: DashboardModel, store: RecordStore, kava?: KavaSource): () => void {
  let vaultIndex = 0;
  let vaultResets = store.resets;
  let kavaIndex = 0;

  return function pull(): void {
    if (store.resets !== vaultResets) {
      vaultResets = store.resets;
      vaultIndex = 0;
      model.clear('vault');
    }
    const records = store.query({ since: vaultIndex, limit: MAX_PER_PULL });
    if (records.length) {
      vaultIndex = records[records.length - 1].index;
      model.ingest(records.map(fromVaultRecord));
    }
    if (!kava) return;
    if (kava.received() < kavaIndex) {
      kavaIndex = 0;
      model.clear('kava');
    }
    const events = kava.eventsSince(kavaIndex).slice(0, MAX_PER_PULL);
    if (events.length) {
      kavaIndex = events[events.length - 1].index;
      model.ingest(events.map(fromKavaEvent));
    }
  };
}
