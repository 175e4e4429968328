/** The extension pages' buttons: each `button[data-action]` runs its action on click. */

/** What one button does; a returned promise that rejects is reported through `onError`. */
export type Actions = Record<string, () => Promise<unknown> | void>;

/**
 * Wires every `button[data-action]` of `doc` that `actions` names. The action runs in the click's
 * own turn, so one that needs a user gesture (permissions.request) gets it before any await.
 */
export function wireActionButtons(doc: Document, actions: Actions, onError: (error: unknown) => void): void {
  for (const button of doc.querySelectorAll<HTMLButtonElement>("button[data-action]")) {
    const run = actions[button.dataset.action ?? ""];
    if (run) button.addEventListener("click", () => void Promise.resolve(run()).catch(onError));
  }
}
