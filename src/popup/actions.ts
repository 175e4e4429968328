/**
 * What the popup's buttons and links do: copy a rendering of the report, check again, open pages,
 * ask for permissions; and download links that behave as buttons or hand off to the full page.
 */
import { renderAllowList, renderMarkdown, renderText } from "../core/render-report.js";
import type { Report } from "../core/report-schema.js";
import { sendRequest } from "../messages.js";
import { popupLosesBlobDownloads } from "../platform/quirks.js";
import { wireActionButtons, type Actions } from "../ui/action-buttons.js";
import type { PopupEnv } from "./env.js";
import type { PopupPage } from "./page.js";
import type { PopupSession } from "./refresh.js";

export interface ActionParts {
  env: PopupEnv;
  page: PopupPage;
  session: PopupSession;
  load(): Promise<void>;
}

/** Copies one rendering of the shown report; the button says "Copied" for a moment, a failure shows the text to copy by hand. */
async function copy(
  parts: ActionParts,
  button: HTMLButtonElement | null,
  render: (report: Report) => string,
): Promise<void> {
  const { env, page, session } = parts;
  const { t, $, status } = page;
  if (!session.shown?.view.ok) return;
  const text = render(session.shown.view.exported);
  const fallback = $<HTMLTextAreaElement>("#copy-fallback");
  try {
    if (!env.clipboard) throw new Error("no clipboard");
    await env.clipboard.writeText(text);
    if (fallback) fallback.hidden = true;
    status("");
    if (button) {
      const label = button.dataset.i18n ? t(button.dataset.i18n) : (button.textContent ?? "");
      button.textContent = t("copied");
      button.dataset.copied = "true";
      setTimeout(() => {
        button.textContent = label;
        delete button.dataset.copied;
      }, 2000);
    }
  } catch {
    status(t("copyFailed"), true);
    if (fallback) {
      fallback.value = text;
      fallback.hidden = false;
      fallback.select();
    }
  }
}

/** Wires every `button[data-action]` to its action; a failure shows in the status line. */
export function wireActions(parts: ActionParts): void {
  const { env, page, session, load } = parts;
  const { api } = env;
  const { doc, t, $, renderOptions, status } = page;
  const button = (action: string) => $<HTMLButtonElement>(`button[data-action="${action}"]`);
  // permissions.request must run in the click's own turn (a user gesture), before any await.
  const actions: Actions = {
    "copy-markdown": () => copy(parts, button("copy-markdown"), (r) => renderMarkdown(r, renderOptions)),
    "copy-text": () => copy(parts, button("copy-text"), (r) => renderText(r, renderOptions)),
    "copy-allowlist": () => copy(parts, button("copy-allowlist"), renderAllowList),
    "check-again": async () => {
      const { tabId } = session;
      if (tabId === undefined) return;
      await sendRequest(api.runtime, { type: "clear", tabId });
      await api.tabs.reload(tabId);
      await load();
      status(t("checkAgainDone"));
    },
    retry: () => load(),
    // The same view in a tab: room for long host names, and it stays open while the user works.
    "open-page": () =>
      session.tabId === undefined
        ? undefined
        : api.tabs.create({ url: api.runtime.getURL(`popup.html?tab=${session.tabId}`) }),
    "open-studio": () => api.tabs.create({ url: "https://ml.azure.com/" }),
    options: () => api.runtime.openOptionsPage(),
    "check-network": () => api.tabs.create({ url: api.runtime.getURL("check.html") }),
    "grant-permissions": () =>
      api.permissions.request({ origins: api.runtime.getManifest().host_permissions ?? [] }).then(load),
    "watch-all": () =>
      api.permissions.request({ origins: api.runtime.getManifest().optional_host_permissions ?? [] }).then(load),
  };
  wireActionButtons(doc, actions, (error) => status(String(error), true));
}

/**
 * Download links behave as buttons: Space presses them (a link would scroll the page). Firefox's
 * toolbar popup (no ?tab=) loses its blob URLs when a file chooser closes it, so there a download
 * opens the full page instead.
 */
export function wireDownloadLinks(env: PopupEnv, tabId: () => number | undefined): void {
  const { doc, api } = env;
  const handOff = new URLSearchParams(env.search).get("tab") === null && popupLosesBlobDownloads(api);
  for (const link of doc.querySelectorAll<HTMLAnchorElement>('a[data-action^="download-"]')) {
    link.addEventListener("keydown", (event) => {
      if (event.key !== " ") return;
      event.preventDefault();
      link.click();
    });
    if (!handOff) continue;
    link.addEventListener("click", (event) => {
      const id = tabId();
      if (id === undefined || !link.hasAttribute("href")) return;
      event.preventDefault();
      const download = link.dataset.scope
        ? `${link.dataset.action}:${link.dataset.scope}`
        : (link.dataset.action ?? "");
      void api.tabs.create({
        url: api.runtime.getURL(`popup.html?tab=${id}&download=${encodeURIComponent(download)}`),
      });
    });
  }
}
