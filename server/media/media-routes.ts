// Serves test media with byte counting, throttling and fault injection:
//   /media/<token>/<path>       files under the streams directory, or the live stream under live/
//                               (its WebM twin under live-webm/, when the streams have vod-webm/)
//   /live/<path>                the live stream, not counted
// Faults come from the token's options, or are armed later for a token name (arm()): the way to
// break a stream that is already playing, as the demo's "inject fault" entries do.
import { readFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeFor, resourceKindFor, type ResourceKind } from '../content-types';
import { corsHeaders, resolveInside, sendText } from '../http-util';
import type { LiveStream } from '../live/live-stream';
import { ByteCounter, type RequestTracker } from './byte-counter';
import { SharedLink } from './shared-link';
import { faultMatches, parseToken, TokenSyntaxError, type FileFault, type TokenOptions } from './token-options';

export interface MediaRoutesOptions {
  streamsDir: string;
  live: LiveStream;
  /** The same live stream looped from the VP9/Opus WebM source, for engines without H.264. */
  liveWebm?: LiveStream;
  counter: ByteCounter;
  now?: () => number;
}

interface Resolved {
  status: number;
  kind: ResourceKind;
  contentType: string;
  body: Buffer;
}

const MAX_LINKS = 1000;
const MAX_FAULT_STATES = 1000;
const MAX_ARMED_PER_TOKEN = 16;

/** A fault armed for a token name, with the requests it still breaks (null: every one). */
export interface ArmedFault extends FileFault {
  remaining: number | null;
}
export function createMediaRoutes(options: MediaRoutesOptions) {
  const { streamsDir, live, liveWebm, counter } = options;
  const now = options.now ?? Date.now;
  const links = new Map<string, SharedLink>();
  // Remaining counts of count-limited faults, per full token string (name + options).
  const faultBudgets = new Map<string, Map<number, number>>();
  // Faults armed for a token name after its URL was handed out, whatever the URL's options.
  const armed = new Map<string, ArmedFault[]>();

  function takeArmed(name: string, path: string): FileFault | undefined {
    const list = armed.get(name);
    const index = list ? list.findIndex((fault) => faultMatches(fault, path)) : -1;
    if (!list || index < 0) return undefined;
    const fault = list[index];
    if (fault.remaining !== null && --fault.remaining <= 0) list.splice(index, 1);
    if (list.length === 0) armed.delete(name);
    return fault;
  }

  function linkFor(token: TokenOptions): SharedLink | undefined {
    if (!token.bytesPerSecond) return undefined;
    const key = `${token.name}|${token.bytesPerSecond}`;
    let link = links.get(key);
    if (!link) {
      if (links.size >= MAX_LINKS) links.delete(links.keys().next().value as string);
      link = new SharedLink(token.bytesPerSecond);
      links.set(key, link);
    }
    return link;
  }

  /** The first fault that matches the path and still has budget; consumes one unit of it. */
  function takeFault(rawToken: string, token: TokenOptions, path: string): FileFault | undefined {
    for (let i = 0; i < token.faults.length; i++) {
      const fault = token.faults[i];
      if (!faultMatches(fault, path)) continue;
      if (fault.count === undefined) return fault;
      let budgets = faultBudgets.get(rawToken);
      if (!budgets) {
        if (faultBudgets.size >= MAX_FAULT_STATES) faultBudgets.delete(faultBudgets.keys().next().value as string);
        budgets = new Map();
        faultBudgets.set(rawToken, budgets);
      }
      const left = budgets.get(i) ?? fault.count;
      if (left > 0) {
        budgets.set(i, left - 1);
        return fault;
      }
    }
    return undefined;
  }

  async function resolvePath(path: string): Promise<Resolved> {
    const stream = path.startsWith('live/') ? live : liveWebm && path.startsWith('live-webm/') ? liveWebm : undefined;
    if (stream) {
      const file = stream.get(path.slice(path.indexOf('/') + 1), now());
      if (file.kind === 'missing') return notFound(path, file.reason);
      return { status: 200, kind: file.kind, contentType: file.contentType, body: file.body };
    }
    const full = resolveInside(streamsDir, path);
    if (!full) return notFound(path, 'outside the streams directory');
    try {
      return { status: 200, kind: resourceKindFor(path), contentType: contentTypeFor(path), body: await readFile(full) };
    } catch {
      return notFound(path, 'no such file');
    }
  }

  async function serve(req: IncomingMessage, res: ServerResponse, path: string, rawToken?: string): Promise<void> {
    let token: TokenOptions | undefined;
    try {
      token = rawToken === undefined ? undefined : parseToken(rawToken);
    } catch (error) {
      if (error instanceof TokenSyntaxError) return sendText(res, 400, error.message, corsHeaders(req));
      throw error;
    }
    if (token?.delayMs) await sleep(token.delayMs);

    const fault = token && rawToken !== undefined ? (takeArmed(token.name, path) ?? takeFault(rawToken, token, path)) : undefined;
    let resolved = await resolvePath(path);
    if (fault && typeof fault.action === 'number') {
      resolved = errorAnswer(fault.action, `injected ${fault.action} for ${path}\n`, resourceKindFor(path));
    } else if (fault && resolved.status === 200) {
      resolved = { ...resolved, body: corrupt(resolved.body) };
    }

    const range = resolved.status === 200 ? parseRange(req.headers.range, resolved.body.length) : undefined;
    if (range === 'unsatisfiable') {
      resolved = errorAnswer(416, 'range not satisfiable\n', resolved.kind);
    }
    const body = range && range !== 'unsatisfiable' ? resolved.body.subarray(range.start, range.end + 1) : resolved.body;
    const status = range && range !== 'unsatisfiable' ? 206 : resolved.status;
    const headers: Record<string, string | number> = {
      'Content-Type': resolved.contentType,
      'Content-Length': body.length,
      'Cache-Control': 'no-store',
      'Accept-Ranges': 'bytes',
      'Access-Control-Expose-Headers': 'Content-Length, Content-Range, Date',
      ...corsHeaders(req),
    };
    if (status === 206 && range && range !== 'unsatisfiable') {
      headers['Content-Range'] = `bytes ${range.start}-${range.end}/${resolved.body.length}`;
    }
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const faultLabel = fault ? `${fault.action}=${fault.pattern}` : undefined;
    const tracker = token ? counter.start(token.name, path, resolved.kind, status, faultLabel) : undefined;
    await writeBody(res, body, token ? linkFor(token) : undefined, tracker);
  }

  return {
    /** Handles /media/... and /live/...; returns false for other paths. */
    async handle(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const media = /^\/media\/([^/]+)\/(.+)$/.exec(pathname);
      if (media) {
        await serve(req, res, decodePath(media[2]), media[1]);
        return true;
      }
      if (pathname.startsWith('/live/')) {
        await serve(req, res, decodePath(pathname.slice(1)));
        return true;
      }
      return false;
    },
    /** Breaks the next matching requests of every URL with this token name (`fault.count` of them, or all). */
    arm(name: string, fault: FileFault): ArmedFault[] {
      const list = armed.get(name) ?? [];
      if (list.length >= MAX_ARMED_PER_TOKEN) throw new Error(`at most ${MAX_ARMED_PER_TOKEN} armed faults per token`);
      if (!armed.has(name) && armed.size >= MAX_FAULT_STATES) armed.delete(armed.keys().next().value as string);
      list.push({ ...fault, remaining: fault.count ?? null });
      armed.set(name, list);
      return list.map((f) => ({ ...f }));
    },
    armedFaults(): Record<string, ArmedFault[]> {
      const out: Record<string, ArmedFault[]> = {};
      for (const [name, list] of armed) out[name] = list.map((f) => ({ ...f }));
      return out;
    },
    reset(token?: string): void {
      if (token !== undefined) {
        armed.delete(token);
        return;
      }
      links.clear();
      faultBudgets.clear();
      armed.clear();
    },
  };
}

function decodePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function notFound(path: string, reason: string): Resolved {
  return errorAnswer(404, `not found: ${path} (${reason})\n`, resourceKindFor(path));
}

function errorAnswer(status: number, text: string, kind: ResourceKind): Resolved {
  return { status, kind, contentType: 'text/plain; charset=utf-8', body: Buffer.from(text) };
}

/** Same length, every byte after the first box header inverted: parsers and decoders fail. */
function corrupt(body: Buffer): Buffer {
  const out = Buffer.from(body);
  for (let i = Math.min(8, out.length); i < out.length; i++) out[i] ^= 0xff;
  return out;
}

function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === '' && match[2] === '')) return undefined; // ignore what we do not support
  let start: number;
  let end: number;
  if (match[1] === '') {
    start = Math.max(0, size - Number(match[2]));
    end = size - 1;
  } else {
    start = Number(match[1]);
    end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  }
  return start > end || start >= size ? 'unsatisfiable' : { start, end };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Writes the body, paced by the link if any, counting bytes as they are handed to the socket. */
async function writeBody(res: ServerResponse, body: Buffer, link: SharedLink | undefined, tracker?: RequestTracker): Promise<void> {
  let closedEarly = false;
  res.on('close', () => {
    if (!res.writableFinished) closedEarly = true;
    tracker?.finish(!res.writableFinished);
  });
  if (!link) {
    tracker?.addBytes(body.length);
    res.end(body);
    return;
  }
  const chunkSize = link.chunkSize();
  for (let offset = 0; offset < body.length && !closedEarly; offset += chunkSize) {
    const chunk = body.subarray(offset, offset + chunkSize);
    await sleep(link.reserve(chunk.length));
    if (closedEarly) break;
    tracker?.addBytes(chunk.length);
    res.write(chunk);
  }
  if (!closedEarly) res.end();
}
