/**
 * Lookups in records keyed by data (host names, entry ids) that see only the record's own keys.
 * A plain object inherits `constructor`, `toString` and `__proto__` from Object.prototype, and
 * `record["__proto__"] = value` replaces the prototype instead of adding a key; a host may be
 * called `constructor`. The state is JSON read back from storage, so a null-prototype object
 * would not survive the round trip: these checks do.
 * https://developer.mozilla.org/docs/Web/JavaScript/Reference/Global_Objects/Object/hasOwn
 */

/** `record[key]` when `key` is the record's own, else undefined. */
export function getOwn<T>(record: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** Sets `record[key]` as an own, enumerable data property, whatever the key; returns the value. */
export function setOwn<T>(record: Record<string, T>, key: string, value: T): T {
  Object.defineProperty(record, key, { value, enumerable: true, writable: true, configurable: true });
  return value;
}
