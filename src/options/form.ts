/** The options page's form: its fields, reading and filling them, and the errors and policy marks beside them. */
import type { ManagedProblem } from "../platform/managed.js";
import type { Settings } from "../settings.js";
import type { Translate } from "../ui/i18n.js";

export interface OptionsForm {
  doc: Document;
  t: Translate;
  form: HTMLFormElement | null;
  select: HTMLSelectElement | null;
  ranges: HTMLTextAreaElement | null;
  status: HTMLElement | null;
  input(name: string): HTMLInputElement | null;
}

export function optionsForm(doc: Document, t: Translate): OptionsForm {
  return {
    doc,
    t,
    form: doc.querySelector<HTMLFormElement>("#options"),
    select: doc.querySelector<HTMLSelectElement>('[name="cloud"]'),
    ranges: doc.querySelector<HTMLTextAreaElement>('[name="privateRanges"]'),
    status: doc.querySelector<HTMLElement>("#status"),
    input: (name) => doc.querySelector<HTMLInputElement>(`[name="${name}"]`),
  };
}

/** Shows (or, without a message, clears) a checked field's error next to it. */
export function showFieldError(form: OptionsForm, field: string, message: string | undefined): void {
  const { doc, t, ranges, input } = form;
  const element = field === "privateRanges" ? ranges : input(field);
  const error = doc.querySelector<HTMLElement>(`#${field}-error`);
  if (!element || !error) return;
  error.textContent = message ? (field === "privateRanges" ? message : t("invalidRoute", message)) : "";
  if (message) element.setAttribute("aria-invalid", "true");
  else element.removeAttribute("aria-invalid");
}

/** The form's values, as typed (validateSettings checks them). */
export function readForm({ input, select, ranges }: OptionsForm): Record<string, unknown> {
  return {
    via: input("via")?.value ?? "",
    default: input("default")?.value ?? "",
    cloud: select?.value,
    probes: input("probes")?.checked ?? true,
    privateRanges: ranges?.value ?? "",
  };
}

export function fillForm({ input, select, ranges }: OptionsForm, settings: Settings): void {
  const via = input("via");
  const fallback = input("default");
  const probes = input("probes");
  if (via) via.value = settings.via;
  if (fallback) fallback.value = settings.default;
  if (select) select.value = settings.cloud;
  if (probes) probes.checked = settings.probes;
  if (ranges) ranges.value = settings.privateRanges.join("\n");
}

/** Shows the administrator's fields disabled and marked, and the policy values that were ignored, with why. */
export function markManaged(
  { doc, t }: OptionsForm,
  fields: readonly string[],
  problems: readonly ManagedProblem[],
): void {
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

export function showContactError({ doc, input }: OptionsForm, message: string | undefined): void {
  const element = input("itContact");
  const error = doc.querySelector<HTMLElement>("#itContact-error");
  if (error) error.textContent = message ?? "";
  if (message) element?.setAttribute("aria-invalid", "true");
  else element?.removeAttribute("aria-invalid");
}
