/**
 * Options page: PAC routes, cloud and follow-up probes, stored in storage.sync. Routes are checked
 * with the same grammar as the CLI (core/route.ts); an error shows next to its field and nothing
 * is saved until every field is valid.
 */
import type { ExtensionApi } from "../platform/api.js";
import { uiLang } from "../platform/quirks.js";
import { parseItContact } from "../core/it-contact.js";
import { loadItContact, saveItContact } from "../platform/managed.js";
import { loadSettingsWithSources, saveSettings, validateSettings, type Settings } from "../settings.js";
import { localize, translator } from "../ui/i18n.js";
import { fillForm, markManaged, optionsForm, readForm, showContactError, showFieldError } from "./form.js";

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
  const fields = optionsForm(doc, t);
  const { form, input, select, ranges, status } = fields;

  /** Fields the administrator set: shown, disabled and marked; what the user stored stays for them. */
  let managedFields = new Set<string>();
  let userSettings: Settings | undefined;

  async function save(): Promise<boolean> {
    const typed = readForm(fields);
    // A managed field keeps the user's own stored value underneath; the policy's is only displayed.
    if (userSettings)
      for (const field of managedFields)
        if (field in userSettings) typed[field] = userSettings[field as keyof Settings];
    const contactText = input("itContact")?.value.trim() ?? "";
    const contactOk = managedFields.has("itContact") || contactText === "" || parseItContact(contactText).ok;
    showContactError(fields, contactOk ? undefined : t("invalidItContact"));
    const result = validateSettings(typed, uiLang(api));
    for (const field of CHECKED_FIELDS) showFieldError(fields, field, result.ok ? undefined : result.errors[field]);
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
      if (field === "itContact") showContactError(fields, undefined);
      else showFieldError(fields, field, undefined);
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
    fillForm(fields, loaded.settings);
    const contactInput = input("itContact");
    if (contactInput) contactInput.value = contact.text;
    const managed = [...loaded.managed, ...(contact.managed ? ["itContact"] : [])];
    managedFields = new Set(managed);
    markManaged(fields, managed, [...loaded.problems, ...(contact.problem ? [contact.problem] : [])]);
  }

  return { loaded: load(), save };
}
