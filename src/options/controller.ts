/**
 * Options page: PAC routes, cloud and follow-up probes, stored in storage.sync. Routes are checked
 * with the same grammar as the CLI (core/route.ts); an error shows next to its field and nothing
 * is saved until every field is valid.
 */
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { parseItContact } from "../core/it-contact.js";
import { loadItContact, saveItContact, type ManagedProblem } from "../platform/managed.js";
import { loadSettingsWithSources, saveSettings, validateSettings, type Settings } from "../settings.js";
import { localize, translator } from "../ui/i18n.js";

export interface Options {
  loaded: Promise<void>;
  /** Validates and saves the form; resolves to whether it was saved. */
  save(): Promise<boolean>;
}

const ROUTE_FIELDS = ["via", "default"] as const;
/** Fields whose error shows next to them: the routes, then the private ranges. */
const CHECKED_FIELDS = [...ROUTE_FIELDS, "privateRanges"] as const;

export function startOptions(doc: Document, api: ExtensionApi): Options {
  const t = translator(api);
  localize(doc, t, uiLang(api));
  const form = doc.querySelector<HTMLFormElement>("#options");
  const input = (name: string) => doc.querySelector<HTMLInputElement>(`[name="${name}"]`);
  const select = doc.querySelector<HTMLSelectElement>('[name="cloud"]');
  const ranges = doc.querySelector<HTMLTextAreaElement>('[name="privateRanges"]');
  const status = doc.querySelector<HTMLElement>("#status");

  function showError(field: string, message: string | undefined): void {
    const element = field === "privateRanges" ? ranges : input(field);
    const error = doc.querySelector<HTMLElement>(`#${field}-error`);
    if (!element || !error) return;
    error.textContent = message ? (field === "privateRanges" ? message : t("invalidRoute", message)) : "";
    if (message) element.setAttribute("aria-invalid", "true");
    else element.removeAttribute("aria-invalid");
  }

  function read(): Record<string, unknown> {
    return {
      via: input("via")?.value ?? "",
      default: input("default")?.value ?? "",
      cloud: select?.value,
      probes: input("probes")?.checked ?? true,
      privateRanges: ranges?.value ?? "",
    };
  }

  function fill(settings: Settings): void {
    const via = input("via");
    const fallback = input("default");
    const probes = input("probes");
    if (via) via.value = settings.via;
    if (fallback) fallback.value = settings.default;
    if (select) select.value = settings.cloud;
    if (probes) probes.checked = settings.probes;
    if (ranges) ranges.value = settings.privateRanges.join("\n");
  }

  /** Fields the administrator set: shown, disabled and marked; what the user stored stays for them. */
  let managedFields = new Set<string>();
  let userSettings: Settings | undefined;

  function markManaged(fields: readonly string[], problems: readonly ManagedProblem[]): void {
    managedFields = new Set(fields);
    for (const field of fields) {
      const element = doc.querySelector<HTMLInputElement | HTMLSelectElement>(`[name="${field}"]`);
      if (!element) continue;
      element.disabled = true;
      element.dataset.managed = "true";
      if (!doc.querySelector(`#${field}-managed`)) {
        const note = doc.createElement("p");
        note.id = `${field}-managed`;
        note.className = "managed";
        note.textContent = t("managedSetting");
        element.closest(".field")?.append(note);
      }
    }
    const list = doc.querySelector<HTMLElement>("#managed-problems");
    if (list) {
      list.replaceChildren(
        ...problems.map((problem) => {
          const item = doc.createElement("li");
          item.dataset.field = problem.field;
          item.textContent = t("managedIgnored", [problem.field, problem.reason]);
          return item;
        }),
      );
      list.hidden = problems.length === 0;
    }
  }

  function showContactError(message: string | undefined): void {
    const element = input("itContact");
    const error = doc.querySelector<HTMLElement>("#itContact-error");
    if (error) error.textContent = message ?? "";
    if (message) element?.setAttribute("aria-invalid", "true");
    else element?.removeAttribute("aria-invalid");
  }

  async function save(): Promise<boolean> {
    const typed = read();
    // A managed field keeps the user's own stored value underneath; the policy's is only displayed.
    if (userSettings)
      for (const field of managedFields)
        if (field in userSettings) typed[field] = userSettings[field as keyof Settings];
    const contactText = input("itContact")?.value.trim() ?? "";
    const contactOk = managedFields.has("itContact") || contactText === "" || parseItContact(contactText).ok;
    showContactError(contactOk ? undefined : t("invalidItContact"));
    const result = validateSettings(typed, uiLang(api));
    for (const field of CHECKED_FIELDS) showError(field, result.ok ? undefined : result.errors[field]);
    if (!result.ok || !contactOk) {
      if (status) {
        status.textContent = t("notSaved");
        status.classList.add("error");
      }
      const first = result.ok ? "itContact" : CHECKED_FIELDS.find((field) => result.errors[field]);
      if (first) (first === "privateRanges" ? ranges : input(first))?.focus();
      return false;
    }
    await saveSettings(api.storage.sync, result.settings);
    if (!managedFields.has("itContact")) await saveItContact(api.storage.sync, contactText);
    await load();
    if (status) {
      status.textContent = t("saved");
      status.classList.remove("error");
    }
    return true;
  }

  // Fields are checked on Save only: a check on blur ran on Save's mousedown and moved the button
  // before mouseup, losing the click. An edit takes back the field's error and any earlier "Saved".
  for (const field of [...CHECKED_FIELDS, "itContact"] as const) {
    (field === "privateRanges" ? ranges : input(field))?.addEventListener("input", () => {
      if (field === "itContact") showContactError(undefined);
      else showError(field, undefined);
      if (status) status.textContent = "";
    });
  }
  for (const other of [select, input("probes")])
    other?.addEventListener("change", () => void (status && (status.textContent = "")));
  form?.addEventListener("submit", (event) => {
    event.preventDefault();
    void save();
  });

  async function load(): Promise<void> {
    const loaded = await loadSettingsWithSources(api.storage.sync, api.storage.managed);
    const contact = await loadItContact(api.storage.sync, api.storage.managed);
    userSettings = loaded.user;
    fill(loaded.settings);
    const contactInput = input("itContact");
    if (contactInput) contactInput.value = contact.text;
    markManaged(
      [...loaded.managed, ...(contact.managed ? ["itContact"] : [])],
      [...loaded.problems, ...(contact.problem ? [contact.problem] : [])],
    );
  }

  return { loaded: load(), save };
}
