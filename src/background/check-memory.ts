/**
 * The host names studio sessions used for wildcard entries, remembered in storage.local: the only
 * names of those entries a check may ask. Hosts noted before storage answers wait (a bounded few).
 */
import type { Catalog } from "../core/catalog/types.js";
import { rememberHost } from "../core/check-plan.js";
import type { StorageArea } from "../platform/api.js";

/** The storage.local key of the remembered hosts: `{ [entryId]: string[] }`. */
export const CHECK_HOSTS_KEY = "checkHosts";

type Memory = Readonly<Record<string, readonly string[]>>;

export class CheckMemory {
  private memory: Memory = {};
  private pendingHosts: string[] = [];
  private writes: Promise<void> = Promise.resolve();
  private isLoaded = false;
  /** Resolves once the stored hosts are read back (or could not be) and the waiting ones noted. */
  readonly loaded: Promise<void>;

  constructor(
    private readonly storage: StorageArea,
    private readonly catalog: Catalog,
  ) {
    this.loaded = storage
      .get(CHECK_HOSTS_KEY)
      .then((stored) => {
        const value = stored[CHECK_HOSTS_KEY];
        if (value && typeof value === "object" && !Array.isArray(value)) this.memory = value as Memory;
      })
      .catch(() => undefined)
      .then(() => {
        const hosts = this.pendingHosts;
        this.pendingHosts = [];
        for (const host of hosts) this.noteHost(host);
      });
    void this.loaded.then(() => (this.isLoaded = true));
  }

  /** The remembered hosts per entry id. */
  get hosts(): Memory {
    return this.memory;
  }

  /** A studio session (or the user) used this host: remembered when it is a wildcard entry's. */
  noteHost(host: string | undefined): void {
    if (host === undefined) return;
    if (!this.isLoaded) {
      // Bounded: a flood before storage answers keeps only what a plan could use.
      if (this.pendingHosts.length < 256) this.pendingHosts.push(host);
      return;
    }
    const next = rememberHost(this.memory, host, this.catalog);
    if (next === this.memory) return;
    this.memory = next;
    this.save();
  }

  clear(): void {
    this.memory = {};
    this.save();
  }

  /** Resolves when every write so far is done. */
  written(): Promise<void> {
    return this.writes;
  }

  private save(): void {
    const value = this.memory;
    this.writes = this.writes.then(() => this.storage.set({ [CHECK_HOSTS_KEY]: value })).catch(() => undefined);
  }
}
