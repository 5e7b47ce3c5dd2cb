/**
 * Makes target[name] call `before` first (with the call's first argument), then the original (if
 * any), then `after` with what it returned; returns the undo, which puts the original back only if
 * nobody replaced ours since (otherwise ours stays, a pass-through).
 */
export function intercept(target: any, name: string, before: (firstArgument?: any) => void, after?: (result: any) => void): () => void {
  var original = target[name];
  var wrapper = function (this: unknown) {
    before(arguments[0]);
    var result = original && original.apply(this, arguments);
    if (after) after(result);
    return result;
  };
  target[name] = wrapper;
  return function () {
    if (target[name] === wrapper) target[name] = original;
  };
}
