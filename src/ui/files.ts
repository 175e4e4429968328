/** The names of the files the popup, the HAR page and the check page offer, and when a PAC is offered at all. */
import type { Settings } from "../settings.js";

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYY-MM-DD`: the local date the report was made. */
function localDate(generatedAt: string): string {
  const date = new Date(generatedAt);
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `aml-network-report-2026-11-28`: the local date the report was made. */
export function reportFileStem(generatedAt: string): string {
  return `aml-network-report-${localDate(generatedAt)}`;
}

/** The two PAC files get names that say what they hold, so the second does not become `azureml (1).pac`. */
export function pacFileName(scope: "all" | "blocked", generatedAt: string): string {
  return scope === "all" ? "azureml-all.pac" : `azureml-blocked-${localDate(generatedAt)}.pac`;
}

/**
 * A PAC file is offered only when its routes send Azure ML hosts apart from the rest: with equal
 * routes (the defaults are DIRECT and DIRECT) it would send every site the same way, which on a
 * proxied network takes every site past the proxy.
 */
export function pacRoutesSet(settings: Pick<Settings, "via" | "default">): boolean {
  return settings.via.trim() !== settings.default.trim();
}
