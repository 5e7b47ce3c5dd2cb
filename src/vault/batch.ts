import { EncodedBatch } from '../core/types';

/**
 * Request bodies for Vault: a JSON array of records, or one record per POST. Ring overflow since
 * the last delivered batch travels as `droppedRecords` on the first record, spliced into the
 * already serialised text rather than serialising again.
 */
export function vaultEncoder(url: string, single: boolean): (records: string[], dropped: number) => EncodedBatch {
  return function (records, dropped) {
    // In place: the channel hands a fresh copy of its records.
    if (dropped > 0) records[0] = '{"droppedRecords":' + dropped + ',' + records[0].substring(1);
    return { url: url, method: 'POST', body: single ? records[0] : '[' + records.join(',') + ']' };
  };
}
