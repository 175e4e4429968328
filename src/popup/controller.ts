/**
 * The popup (also a full page: `popup.html?tab=<tabId>`): asks the worker for the tab's report,
 * shows the first screen (what is broken, one line per entry, the next step), and turns the report
 * into what IT needs. It follows the worker's writes to storage.session, so a failure that arrives
 * while it is open shows at once, as the badge does. Downloads are plain blob links with a
 * `download` attribute, so they need no `downloads` permission.
 */
import { uiLang } from "../platform/quirks.js";
import { localize, translator } from "../ui/i18n.js";
import { wireActions, wireDownloadLinks } from "./actions.js";
import type { PopupEnv } from "./env.js";
import { createPopupPage, showFor } from "./page.js";
import { createLoader, watchForChanges, type PopupSession } from "./refresh.js";
import { setUpSendToIt } from "./send-to-it.js";

export interface Popup {
  /** Resolves when the report, exports and PAC links are in place. */
  loaded: Promise<void>;
  reload(): Promise<void>;
}

/** Wires the popup's parts to one page and starts the first load. */
export function startPopup(env: PopupEnv): Popup {
  const { doc, api } = env;
  const t = translator(api);
  const uiLanguage = uiLang(api);
  localize(doc, t, uiLanguage);
  const page = createPopupPage(env, t);
  const langSelect = page.$<HTMLSelectElement>("#lang");
  if (langSelect) langSelect.value = uiLanguage;
  const session: PopupSession = { tabId: undefined, exportLang: uiLanguage, shown: undefined };
  // Until the first answer no button shows: none may be pressed before there is something to act on.
  showFor(doc, "loading", page.isPage);
  // Send to IT sits beside the copy buttons when there is something to send and an IT contact.
  const showSendToIt = setUpSendToIt({
    doc,
    api,
    t,
    clipboard: env.clipboard,
    status: (text) => page.status(text),
    ...(env.timeZone ? { timeZone: env.timeZone } : {}),
  });
  const load = createLoader({ env, page, session, uiLanguage, showSendToIt });
  wireActions({ env, page, session, load });
  wireDownloadLinks(env, () => session.tabId);
  langSelect?.addEventListener("change", () => {
    session.exportLang = langSelect.value === "ja" ? "ja" : "en";
    page.status("");
    void load();
  });
  watchForChanges(api, () => session.tabId, load);

  return { loaded: load(), reload: load };
}
