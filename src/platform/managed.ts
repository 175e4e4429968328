/**
 * storage.managed: settings an administrator sets by policy (Chrome/Edge `3rdparty` policy, Firefox
 * policies.json `3rdparty`), described by assets/managed-schema.json. A managed value wins over the
 * user's, but only after the same validation as a typed one: a bad value is ignored and reported,
 * so it never reaches a PAC file. https://developer.chrome.com/docs/extensions/reference/manifest/storage
 */
import { parseItContact, type ItContact } from "../core/it-contact.js";
import type { StorageArea } from "./api.js";

export interface ManagedProblem {
  field: string;
  reason: string;
}

/** Every key the administrator set (an empty object when none, or when the browser has no managed storage). */
export async function readManaged(managed: StorageArea | undefined): Promise<Record<string, unknown>> {
  if (!managed) return {};
  try {
    return await managed.get(null);
  } catch {
    // Firefox rejects when no policy names the extension; Chrome answers {}.
    return {};
  }
}

/**
 * Overlays managed values on `base`, one field at a time, each checked by `validate` (the settings
 * validator): fields that pass are taken and listed in `fields`, the rest reported in `problems`.
 */
export function overlayManaged<S extends object>(
  base: S,
  managed: Record<string, unknown>,
  validate: (
    candidate: Record<string, unknown>,
  ) => { ok: true; settings: S } | { ok: false; errors: Partial<Record<string, string>> },
): { settings: S; fields: string[]; problems: ManagedProblem[] } {
  let settings = base;
  const fields: string[] = [];
  const problems: ManagedProblem[] = [];
  for (const field of Object.keys(base)) {
    if (!Object.hasOwn(managed, field)) continue;
    const result = validate({ ...settings, [field]: managed[field] });
    if (result.ok) {
      settings = result.settings;
      fields.push(field);
    } else problems.push({ field, reason: result.errors[field] ?? Object.values(result.errors)[0] ?? "invalid" });
  }
  return { settings, fields, problems };
}

const IT_CONTACT_KEY = "itContact";

/** The IT contact: the managed one when valid, else the user's from storage.sync; `managed` says which. */
export async function loadItContact(
  sync: StorageArea,
  managedArea: StorageArea | undefined,
): Promise<{ contact?: ItContact; text: string; managed: boolean; problem?: ManagedProblem }> {
  const managed = await readManaged(managedArea);
  let problem: ManagedProblem | undefined;
  if (Object.hasOwn(managed, IT_CONTACT_KEY)) {
    const parsed = parseItContact(managed[IT_CONTACT_KEY]);
    if (parsed.ok) return { contact: parsed.contact, text: String(managed[IT_CONTACT_KEY]).trim(), managed: true };
    problem = { field: IT_CONTACT_KEY, reason: parsed.reason };
  }
  const stored = (await sync.get(IT_CONTACT_KEY))[IT_CONTACT_KEY];
  const parsed = parseItContact(stored);
  return {
    ...(parsed.ok ? { contact: parsed.contact } : {}),
    text: typeof stored === "string" ? stored : "",
    managed: false,
    ...(problem ? { problem } : {}),
  };
}

/** Saves the user's IT contact (empty removes it); the caller validates first. */
export async function saveItContact(sync: StorageArea, text: string): Promise<void> {
  if (text.trim() === "") await sync.remove(IT_CONTACT_KEY);
  else await sync.set({ [IT_CONTACT_KEY]: text.trim() });
}
