/**
 * The settings contract: user settings in storage.sync, shared by the worker (probes, PAC routes),
 * the popup and the options page, as messages.ts is their message contract. Every stored value is validated on read, so a hand-edited or old value falls
 * back to its default instead of reaching a PAC file.
 */
import { CLOUDS, type Cloud, type Lang } from "./core/catalog/types.js";
import {
  DEFAULT_PRIVATE_RANGES,
  describeRangeProblem,
  parsePrivateRanges,
  type PrivateRanges,
} from "./core/ip-ranges.js";
import { describeRouteProblem, parseRoute } from "./core/route.js";
import type { StorageArea } from "./platform/api.js";
import { overlayManaged, readManaged, type ManagedProblem } from "./platform/managed.js";

export interface Settings {
  /** PAC route for Azure ML hosts, e.g. `PROXY azproxy.contoso.com:8080`. */
  via: string;
  /** PAC route for every other host. */
  default: string;
  /** Which cloud's entries a whole-catalog PAC covers. */
  cloud: Cloud | "all";
  /** Follow-up HTTPS probes after an ambiguous `net::ERR_FAILED`. */
  probes: boolean;
  /** CIDR ranges (IPv4, IPv6) that are the organisation's private addresses, normalized. */
  privateRanges: string[];
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  via: "DIRECT",
  default: "DIRECT",
  cloud: "public",
  probes: true,
  privateRanges: [...DEFAULT_PRIVATE_RANGES],
};

const KEY = "settings";

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

/** Checks and normalizes settings typed by a user; errors are keyed by field, in the UI's language. */
export function validateSettings(
  input: Record<string, unknown>,
  lang: Lang = "en",
): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const via = parseRoute(String(input.via ?? ""));
  if (!via.ok) errors.via = describeRouteProblem(via.problem, lang);
  const fallback = parseRoute(String(input.default ?? ""));
  if (!fallback.ok) errors.default = describeRouteProblem(fallback.problem, lang);
  const cloud = input.cloud;
  const cloudOk = cloud === "all" || (CLOUDS as readonly unknown[]).includes(cloud);
  if (!cloudOk) errors.cloud = `unknown cloud ${JSON.stringify(cloud)}`;
  if (typeof input.probes !== "boolean") errors.probes = "probes must be on or off";
  const ranges = parsePrivateRanges(input.privateRanges ?? DEFAULT_SETTINGS.privateRanges);
  if (!ranges.ok) errors.privateRanges = describeRangeProblem(ranges.problem, lang);
  if (!via.ok || !fallback.ok || !cloudOk || typeof input.probes !== "boolean" || !ranges.ok)
    return { ok: false, errors };
  return {
    ok: true,
    settings: {
      via: via.value,
      default: fallback.value,
      cloud: cloud as Cloud | "all",
      probes: input.probes,
      privateRanges: [...ranges.value.cidrs],
    },
  };
}

const rangesMemo = new Map<string, PrivateRanges>();

/** The settings' private ranges, parsed (memoized: the worker asks on every badge update). */
export function privateRangesOf(settings: Settings): PrivateRanges {
  const key = settings.privateRanges.join(",");
  let parsed = rangesMemo.get(key);
  if (!parsed) {
    const result = parsePrivateRanges(settings.privateRanges);
    parsed = result.ok
      ? result.value
      : (parsePrivateRanges(DEFAULT_PRIVATE_RANGES) as { ok: true; value: PrivateRanges }).value;
    if (rangesMemo.size > 8) rangesMemo.clear();
    rangesMemo.set(key, parsed);
  }
  return parsed;
}

/** Stored settings, each invalid or missing field replaced by its default, then valid managed values over them. */
export async function loadSettings(sync: StorageArea, managed?: StorageArea): Promise<Settings> {
  return (await loadSettingsWithSources(sync, managed)).settings;
}

/** loadSettings, also saying which fields the administrator set and which managed values were ignored. */
export async function loadSettingsWithSources(
  sync: StorageArea,
  managed?: StorageArea,
): Promise<{ settings: Settings; user: Settings; managed: string[]; problems: ManagedProblem[] }> {
  const user = await loadUserSettings(sync);
  const overlay = overlayManaged(user, await readManaged(managed), (candidate) => validateSettings(candidate));
  return { settings: overlay.settings, user, managed: overlay.fields, problems: overlay.problems };
}

/** The user's settings with the valid values of an already read managed record over them. */
export function withManaged(user: Settings, managed: Record<string, unknown>): Settings {
  return overlayManaged(user, managed, (candidate) => validateSettings(candidate)).settings;
}

async function loadUserSettings(sync: StorageArea): Promise<Settings> {
  const stored = (await sync.get(KEY))[KEY];
  const raw = stored && typeof stored === "object" ? (stored as Record<string, unknown>) : {};
  const settings: Settings = { ...DEFAULT_SETTINGS };
  for (const field of Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>) {
    const candidate = validateSettings({ ...settings, [field]: raw[field] });
    if (candidate.ok) Object.assign(settings, candidate.settings);
  }
  return settings;
}

export async function saveSettings(sync: StorageArea, settings: Settings): Promise<void> {
  await sync.set({ [KEY]: settings });
}
