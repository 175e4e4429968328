/**
 * The toolbar badge of a tab: the number of catalog entries found blocked there (not a request
 * count), on red; a grey "✓" on a studio tab with nothing blocked (the tab is watched), empty on
 * other tabs; with a tooltip that says what the mark means.
 */
import type { ExtensionApi, IconPaths } from "../platform/api.js";

const BADGE_COLOR = "#d13438";
/** Grey, not green: nothing blocked so far says the tab is watched, not that studio works. White text on it is 5.7:1. */
const WATCHING_COLOR = "#616161";
/** The badge of a studio tab with nothing blocked yet. */
export const WATCHING_TEXT = "✓";

const icons = (variant: string): IconPaths =>
  Object.fromEntries([16, 32, 48, 128].map((size) => [String(size), `icons/icon${variant}-${size}.png`]));
const NORMAL_ICON = icons("");
const BLOCKED_ICON = icons("-blocked");

export interface BadgeState {
  count: number;
  studio: boolean;
}

/** Text, tooltip and icon for a tab. */
function badgeLook(
  state: BadgeState,
  i18n: ExtensionApi["i18n"],
): { text: string; color: string; title: string; icon: IconPaths } {
  if (state.count > 0) {
    const title = i18n.getMessage(state.count === 1 ? "badgeTitleOne" : "badgeTitleMany", String(state.count));
    return { text: String(state.count), color: BADGE_COLOR, title, icon: BLOCKED_ICON };
  }
  if (state.studio)
    return { text: WATCHING_TEXT, color: WATCHING_COLOR, title: i18n.getMessage("badgeTitleNone"), icon: NORMAL_ICON };
  return { text: "", color: BADGE_COLOR, title: i18n.getMessage("actionTitle"), icon: NORMAL_ICON };
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
        this.api.action.setBadgeBackgroundColor({ tabId, color: look.color }),
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
