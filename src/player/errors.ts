import { finiteOrNull, stripQuery } from '../core/values';
import { PlayerFault, ShakaEnumLike, ShakaModuleLike } from './types';

var MAX_DETAIL = 160;

/** What is read of a thrown or emitted error (a shaka.util.Error, an Error, or anything else): each member is checked. */
interface ErrorLike {
  code?: unknown;
  category?: unknown;
  severity?: unknown;
  data?: unknown;
  message?: unknown;
}

/** Normalises whatever the player threw or emitted into a PlayerFault. */
export function toFault(error: unknown, fromLoad: boolean, shaka: ShakaModuleLike | null): PlayerFault {
  try {
    // A primitive (a string, a number) has none of the properties read here; null and undefined become {}.
    var e = (error || {}) as ErrorLike;
    var code = finiteOrNull(e.code);
    var category = finiteOrNull(e.category);
    var enums = (shaka && shaka.util && shaka.util.Error) || {};
    return {
      code: code,
      category: category,
      severity: finiteOrNull(e.severity),
      name: code === null ? 'UNKNOWN' : nameOf(enums.Category, category) + '.' + nameOf(enums.Code, code),
      detail: detailOf(e),
      fromLoad: fromLoad,
    };
  } catch (x) {
    // Its getters or proxy (or the module's) threw: an UNKNOWN fault, still reported (which reads neither).
    return toFault(null, fromLoad, null);
  }
}

/** Reverse lookup in an exported enum; the number itself when the enum is absent or lacks it. */
function nameOf(enumObject: ShakaEnumLike | undefined, value: number | null): string {
  if (value === null) return '?';
  for (var key in enumObject) if (enumObject[key] === value) return key;
  return String(value);
}

/** Short text from the error's data (URI without query, HTTP status…) or message, or the error when it is a string. */
function detailOf(e: ErrorLike): string {
  var parts: string[] = [];
  var data: unknown[] = e.data instanceof Array ? e.data : [];
  for (var i = 0; i < data.length && parts.length < 3; i++) {
    var item = data[i];
    if (typeof item === 'string') parts.push(/^[a-z]+:\/\//i.test(item) ? stripQuery(item) : item);
    else if (typeof item === 'number') parts.push(String(item));
  }
  if (!parts.length) parts.push(typeof e.message === 'string' ? e.message : typeof e === 'string' ? String(e) : '');
  return parts.join(' ').replace(/\s+/g, ' ').substring(0, MAX_DETAIL);
}
