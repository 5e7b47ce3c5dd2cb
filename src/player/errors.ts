import { stripQuery } from '../core/values';
import { PlayerFault, ShakaModuleLike } from './types';

var MAX_DETAIL = 160;

/** Normalises whatever the player threw or emitted into a PlayerFault. */
export function toFault(error: any, fromLoad: boolean, shaka: ShakaModuleLike | null): PlayerFault {
  var e = error && typeof error === 'object' ? error : {};
  var code = typeof e.code === 'number' ? e.code : null;
  var category = typeof e.category === 'number' ? e.category : null;
  var severity = typeof e.severity === 'number' ? e.severity : null;
  var enums = shaka && shaka.util && shaka.util.Error;
  var name =
    code === null
      ? 'UNKNOWN'
      : nameOf(enums && enums.Category, category) + '.' + nameOf(enums && enums.Code, code);
  return { code: code, category: category, severity: severity, name: name, detail: detailOf(e, error), fromLoad: fromLoad };
}

/** Reverse lookup in an exported enum; the number itself when the enum is absent or lacks it. */
function nameOf(enumObject: { [name: string]: number } | null | undefined, value: number | null): string {
  if (value === null) return '?';
  if (enumObject) for (var key in enumObject) if (enumObject[key] === value) return key;
  return String(value);
}

/** Short text from the error's data (URI without query, HTTP status…) or message. */
function detailOf(e: any, raw: unknown): string {
  var parts: string[] = [];
  var data = e.data instanceof Array ? e.data : [];
  for (var i = 0; i < data.length && parts.length < 3; i++) {
    var item = data[i];
    if (typeof item === 'string') parts.push(/^[a-z]+:\/\//i.test(item) ? stripQuery(item) : item);
    else if (typeof item === 'number') parts.push(String(item));
  }
  if (!parts.length && typeof e.message === 'string') parts.push(e.message);
  if (!parts.length && typeof raw === 'string') parts.push(raw);
  var text = parts.join(' ').replace(/\s+/g, ' ');
  return text.length > MAX_DETAIL ? text.substring(0, MAX_DETAIL) : text;
}
