/**
 * What the page and the engine can tell about the viewing conditions, feature-detected: TV engines
 * lack some of these APIs, and a missing one leaves its parameter out rather than guessing.
 */
import { MediaLike } from './shaka-reads';

var BASE64_DIGITS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The Network Information API, where the engine has it (not in TypeScript's DOM types). */
interface NavigatorWithConnection {
  connection?: { effectiveType?: unknown } | null;
}

function doc(): Document | null {
  return typeof document !== 'undefined' ? document : null;
}

/** document.referrer || document.URL when it is an http(s) URL, base64 (or raw) as the profile says. */
export function pageReferrer(encoding: 'base64' | 'raw'): string | null {
  var d = doc();
  var url = d ? d.referrer || d.URL : '';
  if (!/^https?:\/\//.test(url)) return null;
  return encoding === 'raw' ? url : base64(url);
}

/** Base64 of the UTF-8 bytes: btoa where the engine has it, else a small encoder. */
export function base64(text: string): string {
  var bytes = unescape(encodeURIComponent(text));
  if (typeof btoa === 'function') return btoa(bytes);
  var out = '';
  for (var i = 0; i < bytes.length; i += 3) {
    // Past the end charCodeAt gives NaN, which shifts as 0.
    var n = (bytes.charCodeAt(i) << 16) | (bytes.charCodeAt(i + 1) << 8) | bytes.charCodeAt(i + 2);
    for (var shift = 18; shift >= 0; shift -= 6) out += BASE64_DIGITS.charAt((n >> shift) & 63);
  }
  var pad = (3 - (bytes.length % 3)) % 3;
  return out.slice(0, out.length - pad) + '=='.slice(0, pad);
}

/** navigator.connection.effectiveType ('slow-2g', '2g', '3g', '4g') where the engine has it. */
export function connectionType(): string | null {
  var connection = typeof navigator !== 'undefined' ? (navigator as NavigatorWithConnection).connection : null;
  return connection && typeof connection.effectiveType === 'string' ? connection.effectiveType : null;
}

function hidden(): boolean {
  var d = doc();
  return !!(d && d.hidden);
}

/** 1: tab not focused (hidden), 2: focused. */
export function tabMode(): number {
  return hidden() ? 1 : 2;
}

/** 1: sound off (muted or volume 0), 2: on. */
export function soundMode(media: MediaLike | null): number {
  return media && (media.muted || media.volume === 0) ? 1 : 2;
}

/** 2 when the tab is visible and at least half of the video is in the viewport, else 1. */
export function viewabilityMode(media: MediaLike | null): number {
  if (hidden()) return 1;
  var win: Window | null = typeof window !== 'undefined' ? window : null;
  if (!media || !media.getBoundingClientRect || !win || !(win.innerWidth > 0)) return 2;
  var r = media.getBoundingClientRect();
  var width = Math.min(r.right, win.innerWidth) - Math.max(r.left, 0);
  var height = Math.min(r.bottom, win.innerHeight) - Math.max(r.top, 0);
  return width > 0 && height > 0 && width * height * 2 >= r.width * r.height ? 2 : 1;
}

/** Resource timing, where the engine has it (old TV engines lack some of it). */
interface PerformanceLike {
  getEntriesByName?(name: string, type: string): PerformanceEntryList;
  getEntriesByType?(type: string): PerformanceEntryList;
}

function perf(): PerformanceLike | null {
  return typeof performance !== 'undefined' ? performance : null;
}

/**
 * Longest DNS + TCP + TLS time (ms) among these segment URLs' resource timings, or null when there
 * is none: the entries are zeroed for cross-origin servers without Timing-Allow-Origin, and the
 * engine stops recording when its resource timing buffer is full.
 */
export function connectionOverheadMs(urls: string[]): number | null {
  var p = perf();
  var max: number | null = null;
  for (var i = 0; p && p.getEntriesByName && i < urls.length; i++) {
    var entries = p.getEntriesByName(urls[i], 'resource');
    var e = entries[entries.length - 1] as PerformanceResourceTiming | undefined;
    if (e && e.domainLookupStart > 0) max = Math.max(max || 0, e.connectEnd - e.domainLookupStart);
  }
  return max;
}

/** Load time (ms) of a Shaka Player script from resource timing, or null. */
export function libraryLoadMs(): number | null {
  var p = perf();
  var entries: PerformanceEntry[] = p && p.getEntriesByType ? p.getEntriesByType('resource') : [];
  for (var i = 0; i < entries.length; i++) if (/shaka-player[^/?]*\.js/.test(entries[i].name)) return entries[i].duration;
  return null;
}
