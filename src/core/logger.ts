import { Logger } from './types';

var LEVELS: (keyof Logger)[] = ['debug', 'info', 'warn', 'error'];

/**
 * The app's logger (or the console), made safe: a missing level falls back to `log`, and a logger
 * that throws can break neither the agent nor the app.
 */
export function safeLogger(target?: Logger | null): Logger {
  var out = {} as Logger;
  for (var i = 0; i < LEVELS.length; i++) out[LEVELS[i]] = forward(target, LEVELS[i]);
  return out;
}

function forward(target: Logger | null | undefined, level: keyof Logger): (message: string) => void {
  return function (message) {
    try {
      var t: any = target || console;
      var fn = t[level] || t.log;
      if (fn) fn.call(t, message);
    } catch (e) {
      // nothing sensible left to do
    }
  };
}
