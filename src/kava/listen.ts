/** Adds or removes a table of event listeners (event name -> listener) on a target that may lack them. */
import { hasOwn } from '../core/values';

export type Listeners<T> = { [type: string]: (event: T) => void };

export interface Listenable<T> {
  addEventListener?(type: string, listener: (event: T) => void): void;
  removeEventListener?(type: string, listener: (event: T) => void): void;
}

export function listenAll<T>(target: Listenable<T> | null, listeners: Listeners<T>, add: boolean): void {
  if (!target || !target.addEventListener || !target.removeEventListener) return;
  for (var type in listeners) {
    if (!hasOwn(listeners, type)) continue;
    if (add) target.addEventListener(type, listeners[type]);
    else target.removeEventListener(type, listeners[type]);
  }
}
