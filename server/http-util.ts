// Small helpers shared by the routes: JSON answers, bounded body reading, safe paths, CORS.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(text);
}

export class BodyTooLargeError extends Error {}

/** Reads a request body, refusing more than `limit` bytes so one client cannot exhaust memory. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new BodyTooLargeError(`body larger than ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Resolves a URL path below a root directory, or undefined if it would escape the root. */
export function resolveInside(root: string, relativePath: string): string | undefined {
  if (relativePath.includes('\0')) return undefined;
  const base = resolve(root);
  const full = resolve(base, '.' + sep + relativePath);
  return full === base || full.startsWith(base + sep) ? full : undefined;
}

/** Lets pages from any origin (other ports, file://, dvb:// on HbbTV) read the response. */
export function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
    : { 'Access-Control-Allow-Origin': '*' };
}

export function queryOf(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}
