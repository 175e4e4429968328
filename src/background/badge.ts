/**
 * The toolbar badge of a tab: the number of catalog entries found blocked there (not a request
 * count), on red, empty when none, with a tooltip that says what the number means.
 */
import type { ExtensionApi, IconPaths } from "../platform/api.js";

const BADGE_COLOR = "#d13438";

const icons = (variant: string): IconPaths =>
  Object.fromEntries([16, 32, 48, 128].map((size) => [String(size), `icons/icon${variant}-${size}.png`]));
const NORMAL_ICON = icons("");
const BLOCKED_ICON = icons("-blocked");

export interface BadgeState {
  count: number;
  studio: boolean;
}

/** Text, tooltip and icon for a tab. */
function badgeLook(state: BadgeState, i18n: ExtensionApi["i18n"]): { text: string; title: string; icon: IconPaths } {
  if (state.count > 0) {
    const title = i18n.getMessage(state.count === 1 ? "badgeTitleOne" : "badgeTitleMany", String(state.count));
    return { text: String(state.count), title, icon: BLOCKED_ICON };
  }
  return { text: "", title: i18n.getMessage(state.studio ? "badgeTitleNone" : "actionTitle"), icon: NORMAL_ICON };
}

/** Applies a tab's badge; skips the browser calls when the tab already shows this state. */
export class Badges {
  private shown = new Map<number, string>();

  constructor(private readonly api: Pick<ExtensionApi, "action" | "i18n">) {}

  async show(tabId: number, state: BadgeState, force = false): Promise<void> {
    const key = `${state.count}/${state.studio}`;
    if (!force && this.shown.get(tabId) === key) return;
    this.shown.set(tabId, key);
    const look = badgeLook(state, this.api.i18n);
    try {
      await Promise.all([
        this.api.action.setBadgeText({ tabId, text: look.text }),
        this.api.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR }),
        this.api.action.setTitle({ tabId, title: look.title }),
        this.api.action.setIcon({ tabId, path: look.icon }),
      ]);
    } catch {
      // The tab closed between the event and the call: nothing left to show.
      this.shown.delete(tabId);
    }
  }

  forget(tabId: number): void {
    this.shown.delete(tabId);
  }
}
