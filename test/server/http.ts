// A server per test file, and small fetch helpers.
import { startServer, type RunningServer, type ServerOptions } from '../../server/start';

export function useServer(options: ServerOptions = {}): () => RunningServer {
  let server: RunningServer | undefined;
  before(async () => {
    server = await startServer({ port: 0, ...options });
  });
  after(async () => server?.close());
  return () => {
    if (!server) throw new Error('server not started');
    return server;
  };
}

export async function getJson<T = Record<string, unknown>>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: ${response.status}`);
  return (await response.json()) as T;
}

export async function postJson(url: string, body: unknown, contentType = 'application/json'): Promise<Response> {
  return fetch(url, { method: 'POST', headers: { 'Content-Type': contentType }, body: typeof body === 'string' ? body : JSON.stringify(body) });
}
