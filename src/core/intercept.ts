/** A method of a host object, called with whatever arguments it was given. */
interface HostMethod {
  apply(thisArg: unknown, args: IArguments): unknown;
}

/**
 * Makes target[name] call `before` first (with the call's first argument), then the original (if
 * any), then `after` with what it returned; returns the undo, which puts the original back only if
 * nobody replaced ours since (otherwise ours stays, a pass-through).
 */
export function intercept(target: object, name: string, before: (firstArgument?: unknown) => void, after?: (result: unknown) => void): () => void {
  // A host object's method, whatever its signature: read, wrapped and put back by name.
  var methods = target as { [name: string]: HostMethod | undefined };
  var original = methods[name];
  var wrapper = function (this: unknown) {
    before(arguments[0]);
    var result = original && original.apply(this, arguments);
    if (after) after(result);
    return result;
  };
  methods[name] = wrapper;
  return function () {
    if (methods[name] === wrapper) methods[name] = original;
  };
}
