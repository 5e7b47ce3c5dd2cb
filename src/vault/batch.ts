import { EncodedBatch } from '../delivery/channel';

/**
 * Request bodies for Vault: a JSON array of records, or one record per POST. Ring overflow since
 * the last delivered batch travels as `droppedRecords` on the first record, spliced into the
 * already serialised text rather than serialising again.
 */
export function vaultEncoder(url: string, single: boolean): (records: string[], dropped: number) => EncodedBatch {
  return function (records, dropped) {
    var list = records.slice();
    if (dropped > 0) list[0] = '{"droppedRecords":' + dropped + ',' + list[0].substring(1);
    return { url: url, method: 'POST', body: single ? list[0] : '[' + list.join(',') + ']' };
  };
}
