// Content types by file extension, for everything the dev server sends from disk.
import { extname } from 'node:path';

const TYPES: Record<string, string> = {
  '.mpd': 'application/dash+xml',
  '.m3u8': 'application/vnd.apple.mpegurl',
  '.mp4': 'video/mp4',
  '.m4s': 'video/iso.segment',
  '.m4v': 'video/mp4',
  '.m4a': 'audio/mp4',
  '.ts': 'video/mp2t',
  '.aac': 'audio/aac',
  '.webm': 'video/webm',
  '.vtt': 'text/vtt',
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

export function contentTypeFor(path: string): string {
  return TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

export type ResourceKind = 'manifest' | 'segment' | 'other';

/** What a player would call the request: manifest (MPD, playlists), segment (media, init) or other. */
export function resourceKindFor(path: string): ResourceKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.mpd' || ext === '.m3u8') return 'manifest';
  if (['.mp4', '.m4s', '.m4v', '.m4a', '.ts', '.aac', '.vtt', '.webm'].includes(ext)) return 'segment';
  return 'other';
}
