/**
 * Options page: PAC routes, cloud and follow-up probes, stored in storage.sync. Routes are checked
 * with the same grammar as the CLI (core/route.ts); an error shows next to its field and nothing
 * is saved until every field is valid.
 */
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { loadSettings, saveSettings, validateSettings, type Settings } from "../settings.js";
import { localize, translator } from "../ui/i18n.js";

export interface Options {
  loaded: Promise<void>;
  /** Validates and saves the form; resolves to whether it was saved. */
  save(): Promise<boolean>;
}

const ROUTE_FIELDS = ["via", "default"] as const;

export function startOptions(doc: Document, api: ExtensionApi): Options {
  const t = translator(api);
  localize(doc, t);
  const form = doc.querySelector<HTMLFormElement>("#options");
  const input = (name: string) => doc.querySelector<HTMLInputElement>(`[name="${name}"]`);
  const select = doc.querySelector<HTMLSelectElement>('[name="cloud"]');
  const status = doc.querySelector<HTMLElement>("#status");

  function showError(field: string, message: string | undefined): void {
    const element = input(field);
    const error = doc.querySelector<HTMLElement>(`#${field}-error`);
    if (!element || !error) return;
    error.textContent = message ? t("invalidRoute", message) : "";
    if (message) element.setAttribute("aria-invalid", "true");
    else element.removeAttribute("aria-invalid");
  }

  function read(): Record<string, unknown> {
    return { via: input("via")?.value ?? "", default: input("default")?.value ?? "", cloud: select?.value, probes: input("probes")?.checked ?? true };
  }

  function fill(settings: Settings): void {
    const via = input("via");
    const fallback = input("default");
    const probes = input("probes");
    if (via) via.value = settings.via;
    if (fallback) fallback.value = settings.default;
    if (select) select.value = settings.cloud;
    if (probes) probes.checked = settings.probes;
  }

  async function save(): Promise<boolean> {
    const result = validateSettings(read(), uiLang(api));
    for (const field of ROUTE_FIELDS) showError(field, result.ok ? undefined : result.errors[field]);
    if (!result.ok) {
      if (status) status.textContent = t("notSaved");
      const first = ROUTE_FIELDS.find((field) => result.errors[field]);
      if (first) input(first)?.focus();
      return false;
    }
    await saveSettings(api.storage.sync, result.settings);
    fill(result.settings);
    if (status) status.textContent = t("saved");
    return true;
  }

  for (const field of ROUTE_FIELDS) {
    input(field)?.addEventListener("change", () => {
      const result = validateSettings(read(), uiLang(api));
      showError(field, result.ok ? undefined : result.errors[field]);
    });
  }
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    void save();
  });

  return { loaded: loadSettings(api.storage.sync).then(fill), save };
}
