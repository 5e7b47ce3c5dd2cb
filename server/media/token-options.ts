// Parses the token path segment of /media/<token>/<path>:
//   <name>[~option]...   e.g.  abr1~rate=200k~404=seg-1-3.m4s~corrupt:1=seg-0-*~delay=150
// The name (before the first "~") is what bytes are counted under.

export interface FileFault {
  /** HTTP status to answer with, or 'corrupt' to send the file with garbled bytes. */
  action: number | 'corrupt';
  /** Glob ("*" = any characters but "/") matched against the file name or the path's tail. */
  pattern: string;
  /** How many matching requests to break; undefined = all of them. */
  count?: number;
}

export interface TokenOptions {
  name: string;
  /** Throttle for every response of this token, in bytes per second (the link is shared). */
  bytesPerSecond?: number;
  /** Extra latency before each response starts, in ms. */
  delayMs?: number;
  faults: FileFault[];
}

export class TokenSyntaxError extends Error {}

const UNITS: Record<string, number> = { '': 1, k: 1e3, m: 1e6 };

export function parseToken(raw: string): TokenOptions {
  const [name, ...options] = decodeURIComponent(raw).split('~');
  if (!/^[A-Za-z0-9._-]+$/.test(name)) {
    throw new TokenSyntaxError(`token name "${name}" must be letters, digits, ".", "_" or "-"`);
  }
  const parsed: TokenOptions = { name, faults: [] };
  for (const option of options) {
    const eq = option.indexOf('=');
    const key = eq < 0 ? option : option.slice(0, eq);
    const value = eq < 0 ? '' : option.slice(eq + 1);
    if (key === 'rate') {
      const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(value);
      if (!match) throw new TokenSyntaxError(`rate "${value}": expected bits per second like 200k, 1.5m or 64000`);
      parsed.bytesPerSecond = (Number(match[1]) * UNITS[match[2].toLowerCase()]) / 8;
    } else if (key === 'delay') {
      if (!/^\d+$/.test(value)) throw new TokenSyntaxError(`delay "${value}": expected milliseconds`);
      parsed.delayMs = Number(value);
    } else {
      parsed.faults.push(parseFault(key, value));
    }
  }
  return parsed;
}

/**
 * One fault in the token option syntax, `<status|corrupt>[:count]=<glob>` ("corrupt:1=seg-*"):
 * what POST /_server/faults arms for a token name.
 */
export function parseFaultOption(option: string): FileFault {
  const eq = option.indexOf('=');
  return eq < 0 ? parseFault(option, '') : parseFault(option.slice(0, eq), option.slice(eq + 1));
}

function parseFault(key: string, pattern: string): FileFault {
  const match = /^(corrupt|[1-5]\d\d)(?::(\d+))?$/.exec(key);
  if (!match || !pattern) {
    throw new TokenSyntaxError(
      `unknown token option "${key}=${pattern}" ` + '(expected rate=, delay=, <status>[:count]=<file glob> or corrupt[:count]=<file glob>)'
    );
  }
  const count = match[2] === undefined ? undefined : Number(match[2]);
  if (count === 0) throw new TokenSyntaxError(`"${key}": count must be at least 1`);
  return { action: match[1] === 'corrupt' ? 'corrupt' : Number(match[1]), pattern, count };
}

/** A glob matches the file name, or with "/" in it the last path segments ("v90/seg-003.ts"). */
export function faultMatches(fault: FileFault, path: string): boolean {
  const glob = fault.pattern.split('*').map(escapeRegExp).join('[^/]*');
  return new RegExp(`(^|/)${glob}$`).test(path);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
}
