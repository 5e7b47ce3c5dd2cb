/**
 * Calls target[method](arg); null when the target lacks it (the call throws) or the call throws. A
 * reading must never fail as a whole, and older players lack some getters.
 */
// `any`: what a player method returns depends on the Shaka version; each caller declares the type it reads.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function ask(target: unknown, method: string, arg?: unknown): any {
  try {
    var object = target as { [name: string]: (arg?: unknown) => unknown };
    return arguments.length > 2 ? object[method](arg) : object[method]();
  } catch (e) {
    return null;
  }
}
