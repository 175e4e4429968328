/**
 * The settings as the worker uses them: the user's (storage.sync) with the administrator's policy
 * values (storage.managed) over them, and the private ranges the badge and reports count with.
 */
import { DEFAULT_RANGES, type PrivateRanges } from "../core/ip-ranges.js";
import type { ExtensionApi } from "../platform/api.js";
import { readManaged } from "../platform/managed.js";
import { loadSettings, privateRangesOf, withManaged, type Settings } from "../settings.js";

/** How long probe rounds reuse one read of the settings. */
const SETTINGS_CACHE_MS = 1000;
/** storage.local key of the last policy values read (see WorkerSettings). */
const MANAGED_COPY_KEY = "managedCopy";

/**
 * Chromium answers the first storage.managed read only once its policy service is up (seconds
 * after a browser start), so probe decisions use the last policy values known: this start's read
 * once it answers, until then the copy the last read left in storage.local. Both reads start when
 * the object is made; `onPolicyRead` is called once this start's read has answered.
 */
export class WorkerSettings {
  private managedSnapshot: Record<string, unknown> | undefined;
  private readonly managedCopy: Promise<void>;
  private cache: { at: number; settings: Promise<Settings> } | undefined;
  private privateRanges: PrivateRanges = DEFAULT_RANGES;

  constructor(
    private readonly api: Pick<ExtensionApi, "storage">,
    private readonly now: () => number,
    onPolicyRead: () => void = () => undefined,
  ) {
    const { storage } = api;
    this.managedCopy = (storage.local?.get(MANAGED_COPY_KEY) ?? Promise.resolve({} as Record<string, unknown>)).then(
      (stored) => {
        const copy = stored[MANAGED_COPY_KEY];
        if (this.managedSnapshot === undefined && copy && typeof copy === "object")
          this.managedSnapshot = copy as Record<string, unknown>;
      },
      () => undefined,
    );
    void readManaged(storage.managed)
      .then((values) => {
        this.managedSnapshot = values;
        // Settings read so far may have followed an older copy (probes off): read them again.
        this.cache = undefined;
        onPolicyRead();
        return storage.local?.set({ [MANAGED_COPY_KEY]: values });
      })
      .catch(() => undefined);
  }

  /** The user's private ranges as last read; the badge counts `private-dns` findings with them. */
  get ranges(): PrivateRanges {
    return this.privateRanges;
  }

  /** The user's settings with the policy's values over them (the last ones known, see above). */
  async current(): Promise<Settings> {
    await this.managedCopy;
    const settings = withManaged(await loadSettings(this.api.storage.sync), this.managedSnapshot ?? {});
    this.privateRanges = privateRangesOf(settings);
    return settings;
  }

  /**
   * `current()`, read at most once a second: a flood of 20,000 ambiguous failures must not become
   * 20,000 storage reads. A change in options takes effect within that second.
   */
  recent(): Promise<Settings> {
    const now = this.now();
    if (!this.cache || now - this.cache.at >= SETTINGS_CACHE_MS || now < this.cache.at) {
      this.cache = { at: now, settings: this.current() };
    }
    return this.cache.settings;
  }

  /** The settings with the policy as it is now, not the copy kept for the worker's first seconds (a PAC follows these). */
  async live(): Promise<Settings> {
    const settings = await loadSettings(this.api.storage.sync, this.api.storage.managed);
    this.privateRanges = privateRangesOf(settings);
    return settings;
  }
}
