import { Logger } from './types';

/** What the app may give as a logger: any of the levels, or only `log` (the console has all). */
type LoggerLike = Partial<Logger> & { log?: (message: string) => void };

/**
 * The app's logger (or the console), made safe: a missing level falls back to `log`, a logger that
 * throws can break neither the agent nor the app, and no line carries a URI query.
 */
export function safeLogger(target?: Logger | null): Logger {
  function forward(level: keyof Logger): (message: string) => void {
    return function (message) {
      try {
        var t: LoggerLike = target || console;
        var write = t[level] || t.log;
        // Every line the agent, its platforms and plugins log passes here: one line, no URI query.
        if (typeof write === 'function') write.call(t, String(message).replace(URI_QUERY, '$1').replace(/\s+/g, ' '));
      } catch (e) {
        // nothing sensible left to do
      }
    };
  }
  return { debug: forward('debug'), info: forward('info'), warn: forward('warn'), error: forward('error') };
}

/**
 * A URI's query or fragment (it may carry a token), found after its "://"; the URI itself (scheme
 * included, which comes before the match) stays readable.
 */
var URI_QUERY = /(:\/\/[^\s?#]*)[?#]\S*/g;
