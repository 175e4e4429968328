/**
 * UI localisation shared by the popup and the options page: both pages take their words from
 * `_locales/{en,ja}/messages.json` through `i18n.getMessage`, and mark translatable elements with
 * `data-i18n="messageName"`.
 * https://developer.mozilla.org/docs/Mozilla/Add-ons/WebExtensions/API/i18n/getMessage
 */
import type { ExtensionApi } from "../platform/api.js";

/** A message of the UI locale by name, with `$1`… substitutions; "" for an unknown name. */
export type Translate = (name: string, substitutions?: string | string[]) => string;

/** The `Translate` of the browser's UI locale. */
export function translator(api: Pick<ExtensionApi, "i18n">): Translate {
  return (name, substitutions) => api.i18n.getMessage(name, substitutions);
}

/** Fills every `[data-i18n]` element (and the page title) from the UI locale; `lang` follows the UI language. */
export function localize(doc: Document, t: Translate, lang?: string): void {
  for (const element of doc.querySelectorAll<HTMLElement>("[data-i18n]")) {
    const text = t(element.dataset.i18n ?? "");
    if (text) element.textContent = text;
  }
  const title = doc.querySelector("title[data-i18n]");
  if (title) doc.title = title.textContent ?? doc.title;
  doc.documentElement.lang = lang ?? (t("@@ui_locale").replace("_", "-") || doc.documentElement.lang);
}
