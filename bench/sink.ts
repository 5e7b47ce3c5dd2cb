/**
 * The benchmarks' collector as a real deployment has it: another origin, over HTTPS. One sink takes
 * what every SDK on the page sends (the agent's Vault records go to the project's own collector
 * routes; the peers' beacons get the answers they need to go on sending) and counts the requests
 * and bytes that reach it, preflights included.
 *
 * The certificate is self-signed, made at run time with the `openssl` command (nothing is
 * committed), for 127.0.0.1. Chromium is told to trust its key (chromiumTrustArgs), so the engine
 * treats it as a valid certificate, as it would a real collector's: an "ignored" certificate error
 * would also turn off caches a real page has.
 */
import { execFileSync } from 'node:child_process';
import { createHash, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCollectorRoutes, EXPOSED_HEADERS, VAULT_PATH_PREFIX } from '../server/collector/collector-routes';
import { RecordStore } from '../server/collector/record-store';
import { readBody, sendJson } from '../server/http-util';

export interface Certificate {
  key: string;
  cert: string;
}

/** A fresh self-signed certificate for 127.0.0.1 (EC P-256, valid one day), via the openssl CLI. */
export function makeCertificate(): Certificate {
  const dir = mkdtempSync(join(tmpdir(), 'bench-cert-'));
  try {
    const key = join(dir, 'key.pem');
    const cert = join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        cert,
      ],
      { stdio: 'ignore' }
    );
    return { key: readFileSync(key, 'utf8'), cert: readFileSync(cert, 'utf8') };
  } catch (error) {
    throw new Error(`the benchmark makes its HTTPS certificate with the openssl command: ${(error as Error).message}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Chromium switches that make it trust this certificate's key (and only it) as if a CA had signed it. */
export function chromiumTrustArgs(certificate: Certificate): string[] {
  const spki = new X509Certificate(certificate.cert).publicKey.export({ type: 'spki', format: 'der' });
  return [`--ignore-certificate-errors-spki-list=${createHash('sha256').update(spki).digest('base64')}`];
}

export interface SinkCounts {
  /** every request, preflights included */
  requests: number;
  preflights: number;
  /** request line, headers and body, as the sink received them (TLS framing aside) */
  bytes: number;
}

export interface SinkOptions {
  certificate: Certificate;
  /** Access-Control-Max-Age on preflights, in seconds; null: none (the engine asks before every request). */
  preflightMaxAgeSeconds: number | null;
}

export interface RunningSink {
  /** https://127.0.0.1:port */
  url: string;
  /** Counts since the last reset. */
  counts(): SinkCounts;
  reset(): void;
  /** Records the agent delivered, valid or not. */
  records(): { valid: number; invalid: number };
  close(): Promise<void>;
}

/** What Youbora's first request (its "fastdata" service) must answer for it to send views and pings. */
function youboraData(host: string): unknown {
  return { q: { h: host, c: 'U_bench', pt: '5', i: { bt: '30', exp: '300' } } };
}

export async function startSink(options: SinkOptions): Promise<RunningSink> {
  let counts: SinkCounts = { requests: 0, preflights: 0, bytes: 0 };
  const store = new RecordStore(10_000);
  const collector = createCollectorRoutes({ store });
  let host = '';

  function corsHeaders(req: IncomingMessage): Record<string, string> {
    const origin = req.headers.origin;
    return {
      ...(origin
        ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', Vary: 'Origin' }
        : { 'Access-Control-Allow-Origin': '*' }),
      'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    };
  }

  function preflight(req: IncomingMessage, res: ServerResponse): void {
    counts.preflights++;
    res.writeHead(204, {
      ...corsHeaders(req),
      'Access-Control-Allow-Methods': 'GET, POST, PUT, OPTIONS',
      'Access-Control-Allow-Headers': String(req.headers['access-control-request-headers'] ?? 'Content-Type'),
      ...(options.preflightMaxAgeSeconds === null ? {} : { 'Access-Control-Max-Age': String(options.preflightMaxAgeSeconds) }),
      'Content-Length': '0',
    });
    res.end();
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const pathname = new URL(req.url ?? '/', 'https://sink').pathname;
    counts.requests++;
    // The request as it came: request line, header lines, blank line.
    counts.bytes += `${req.method} ${req.url} HTTP/1.1\r\n`.length + 2;
    for (let i = 0; i < req.rawHeaders.length; i += 2) counts.bytes += req.rawHeaders[i].length + req.rawHeaders[i + 1].length + 4;
    if (req.method === 'OPTIONS') return preflight(req, res);
    if (pathname.startsWith(VAULT_PATH_PREFIX)) {
      // The collector reads the body itself: count it as it passes.
      req.on('data', (chunk: Buffer) => (counts.bytes += chunk.length));
      await collector.handle(req, res, pathname);
      return;
    }
    const body = await readBody(req, 4 * 1024 * 1024);
    counts.bytes += body.length;
    if (pathname.endsWith('/licensing')) return sendJson(res, 200, { status: 'granted' }, corsHeaders(req)); // Bitmovin
    if (pathname === '/data') return sendJson(res, 200, youboraData(host), corsHeaders(req)); // Youbora's fastdata
    sendJson(res, 200, {}, corsHeaders(req));
  }

  const server: Server = createServer({ key: options.certificate.key, cert: options.certificate.cert }, (req, res) => {
    handle(req, res).catch(() => res.destroy());
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  host = `127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `https://${host}`,
    counts: () => ({ ...counts }),
    reset: () => {
      counts = { requests: 0, preflights: 0, bytes: 0 };
    },
    records: () => {
      const stats = store.getStats();
      return { valid: stats.valid, invalid: stats.invalid };
    },
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await collector.close();
    },
  };
}
