/** Calls `fn` on each item of a copy of `list`: a callback may end a playback, which removes it from the list. */
export function each<T>(list: T[], fn: (item: T) => void): void {
  var copy = list.slice();
  for (var i = 0; i < copy.length; i++) fn(copy[i]);
}
