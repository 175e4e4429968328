/**
 * The settings contract: user settings in storage.sync, shared by the worker (probes, PAC routes),
 * the popup and the options page, as messages.ts is their message contract. Every stored value is validated on read, so a hand-edited or old value falls
 * back to its default instead of reaching a PAC file.
 */
import { CLOUDS, type Cloud, type Lang } from "./core/catalog/types.js";
import { describeRouteProblem, parseRoute } from "./core/route.js";
import type { StorageArea } from "./platform/api.js";

export interface Settings {
  /** PAC route for Azure ML hosts, e.g. `PROXY azproxy.contoso.com:8080`. */
  via: string;
  /** PAC route for every other host. */
  default: string;
  /** Which cloud's entries a whole-catalog PAC covers. */
  cloud: Cloud | "all";
  /** Follow-up HTTPS probes after an ambiguous `net::ERR_FAILED`. */
  probes: boolean;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = { via: "DIRECT", default: "DIRECT", cloud: "public", probes: true };

const KEY = "settings";

export type SettingsErrors = Partial<Record<keyof Settings, string>>;

/** Checks and normalizes settings typed by a user; errors are keyed by field, in the UI's language. */
export function validateSettings(input: Record<string, unknown>, lang: Lang = "en"): { ok: true; settings: Settings } | { ok: false; errors: SettingsErrors } {
  const errors: SettingsErrors = {};
  const via = parseRoute(String(input.via ?? ""));
  if (!via.ok) errors.via = describeRouteProblem(via.problem, lang);
  const fallback = parseRoute(String(input.default ?? ""));
  if (!fallback.ok) errors.default = describeRouteProblem(fallback.problem, lang);
  const cloud = input.cloud;
  const cloudOk = cloud === "all" || (CLOUDS as readonly unknown[]).includes(cloud);
  if (!cloudOk) errors.cloud = `unknown cloud ${JSON.stringify(cloud)}`;
  if (typeof input.probes !== "boolean") errors.probes = "probes must be on or off";
  if (!via.ok || !fallback.ok || !cloudOk || typeof input.probes !== "boolean") return { ok: false, errors };
  return { ok: true, settings: { via: via.value, default: fallback.value, cloud: cloud as Cloud | "all", probes: input.probes } };
}

/** Stored settings, each invalid or missing field replaced by its default. */
export async function loadSettings(sync: StorageArea): Promise<Settings> {
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
