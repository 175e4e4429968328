/** The endpoint catalog and its validator; the rules are written out in docs/catalog.md. */
import { hasValidLabels } from "../host-name.js";
import { matchNormalizedHost, normalizeHost, patternCovers } from "../matcher.js";
import { CLOUDS, LANGS, type Catalog, type CatalogEntry, type Localized } from "./types.js";

export { CATALOG } from "./entries.js";
export * from "./types.js";
export { portsOfPattern } from "./ports.js";

const ID = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const PORT = /^(tcp|udp)\/(\d{1,5})(?:-(\d{1,5}))?$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLIENTS = ["browser", "compute", "sdk"];

/** A host name of two or more valid lowercase labels. */
function isHostName(name: string): boolean {
  const labels = name.split(".");
  return name.length <= 253 && labels.length >= 2 && hasValidLabels(name);
}

/** Why `pattern` breaks the grammar (exact host, or `*.suffix` over a suffix of two or more labels), or undefined. */
function patternProblem(pattern: string): string | undefined {
  if (pattern !== pattern.toLowerCase()) return "is not lowercase";
  const name = pattern.startsWith("*.") ? pattern.slice(2) : pattern;
  if (!isHostName(name)) return "is neither a host nor *.suffix with a suffix of two or more labels";
  // Private DNS zones are resolver settings; the browser never connects to them (docs/catalog.md).
  if (name.split(".").includes("privatelink")) return "is a private DNS zone; keep it in notes";
  return undefined;
}

function isCalendarDate(date: string): boolean {
  const m = DATE.exec(date);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const days = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
  return days !== undefined && day >= 1 && day <= days;
}

function portProblem(port: string): string | undefined {
  const m = PORT.exec(port);
  if (!m) return 'is not "tcp/N", "udp/N" or "tcp/N-M"';
  const low = Number(m[2]);
  const high = m[3] === undefined ? low : Number(m[3]);
  if (low < 1 || high > 65535) return "is outside 1-65535";
  if (m[3] !== undefined && low >= high) return "is not an ascending range";
  return undefined;
}

function portListProblems(ports: readonly string[]): string[] {
  const problems: string[] = [];
  for (const port of ports) {
    const problem = portProblem(port);
    if (problem) problems.push(`port ${JSON.stringify(port)} ${problem}`);
  }
  if (new Set(ports).size !== ports.length) problems.push("repeats a port");
  return problems;
}

/** Kana or kanji: Japanese text that is not a copy of the English. */
const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

function isFilled(text: Localized | undefined): boolean {
  return (
    text !== undefined &&
    LANGS.every((lang) => typeof text[lang] === "string" && text[lang].trim().length > 0) &&
    JAPANESE.test(text.ja)
  );
}

/** Longer than this, a name is a purpose: the popup card and the CLI tables show it on one line. */
const NAME_MAX = 48;
/** A name is a label, not a sentence: no full stop, comma, colon or the like at its end (a closing parenthesis is fine). */
const TRAILING_PUNCTUATION = /[.,;:!?\u3001\u3002\uff0c\uff0e\uff1a\uff1b\uff01\uff1f\u30fb\u2026/-]$/u;

function nameProblems(name: Localized | undefined): string[] {
  if (name === undefined) return ["has no name"];
  const problems: string[] = [];
  for (const lang of LANGS) {
    const text = name[lang];
    if (typeof text !== "string" || text.trim().length === 0) {
      problems.push(`name needs ${lang === "en" ? "English" : "Japanese"}`);
      continue;
    }
    const quoted = JSON.stringify(text);
    if (text !== text.trim() || /\s{2}|[\r\n\t]/.test(text)) problems.push(`name (${lang}) ${quoted} has stray spaces`);
    if (TRAILING_PUNCTUATION.test(text)) problems.push(`name (${lang}) ${quoted} ends with punctuation`);
    if ([...text].length > NAME_MAX) problems.push(`name (${lang}) ${quoted} is longer than ${NAME_MAX} characters`);
  }
  return problems;
}

function entryProblems(entry: CatalogEntry, catalog: Catalog): string[] {
  const problems: string[] = [];
  const say = (problem: string) => problems.push(`${entry.id}: ${problem}`);
  if (!ID.test(entry.id)) say("id is not kebab-case");
  if (entry.patterns.length === 0) say("has no patterns");
  for (const pattern of entry.patterns) {
    const problem = patternProblem(pattern);
    if (problem) say(`pattern ${JSON.stringify(pattern)} ${problem}`);
  }
  if (new Set(entry.patterns).size !== entry.patterns.length) say("repeats a pattern");
  if (entry.clouds.length === 0) say("lists no cloud");
  for (const cloud of entry.clouds) if (!CLOUDS.includes(cloud)) say(`unknown cloud ${JSON.stringify(cloud)}`);
  if (new Set(entry.clouds).size !== entry.clouds.length) say("repeats a cloud");
  if (entry.neededBy.length === 0) say("neededBy is empty");
  for (const client of entry.neededBy) if (!CLIENTS.includes(client)) say(`unknown client ${JSON.stringify(client)}`);
  nameProblems(entry.name).forEach((problem) => say(problem));
  if (!isFilled(entry.purpose)) say("purpose needs English and Japanese");
  if (!isFilled(entry.breaks)) say("breaks needs English and Japanese");
  if (entry.required && entry.optional !== undefined) say("is required and also has an optional condition");
  if (!entry.required && !isFilled(entry.optional)) say("is not required, so optional needs English and Japanese");
  if (entry.ports.length === 0) say("lists no ports");
  portListProblems(entry.ports).forEach((problem) => say(problem));
  for (const [pattern, ports] of Object.entries(entry.patternPorts ?? {})) {
    if (!entry.patterns.includes(pattern))
      say(`patternPorts names ${JSON.stringify(pattern)}, which is not one of its patterns`);
    if (ports.length === 0) say(`patternPorts gives ${pattern} no ports`);
    portListProblems(ports).forEach((problem) => say(`${pattern}: ${problem}`));
    if (ports.length === entry.ports.length && ports.every((port) => entry.ports.includes(port))) {
      say(`patternPorts repeats the entry's ports for ${pattern}; leave it out`);
    }
  }
  if (entry.catchAll && !entry.legacy) say("is a catch-all but not legacy");
  if (entry.sources.length === 0) say("has no source");
  for (const source of entry.sources) {
    if (!/^https:\/\/[^\s/]+\/\S*$/.test(source.url))
      say(`source URL ${JSON.stringify(source.url)} is not an https URL`);
    if (!isCalendarDate(source.date)) say(`source date ${JSON.stringify(source.date)} is not YYYY-MM-DD`);
    else if (source.date > catalog.version) say(`source date ${source.date} is newer than the catalog version`);
  }
  if (entry.examples.length === 0) say("has no example host");
  for (const example of entry.examples) {
    if (normalizeHost(example) !== example) {
      say(`example ${JSON.stringify(example)} is not a normalized host name`);
      continue;
    }
    const winner = matchNormalizedHost(example, catalog);
    if (entry.catchAll) {
      if (!entry.patterns.some((pattern) => patternCovers(pattern, example)))
        say(`example ${example} is not covered by its patterns`);
      if (winner === entry) say(`example ${example} maps to the catch-all itself`);
    } else if (winner !== entry) say(`example ${example} maps to ${winner ? winner.id : "nothing"}`);
  }
  for (const note of entry.notes) if (note.trim().length === 0) say("has an empty note");
  return problems;
}

/**
 * Two entries one cloud selects must not share a name (either language, ignoring case): a list of
 * that cloud's entries would show two lines no one can tell apart. Twins in different clouds may.
 */
function duplicateNames(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const cloud of CLOUDS) {
    for (const lang of LANGS) {
      const owners = new Map<string, string>();
      for (const entry of catalog.entries) {
        const name = entry.name?.[lang];
        if (!entry.clouds.includes(cloud) || typeof name !== "string" || name.trim() === "") continue;
        const key = name.trim().toLowerCase();
        const owner = owners.get(key);
        if (owner === undefined) owners.set(key, entry.id);
        else
          problems.push(`${entry.id}: name (${lang}) ${JSON.stringify(name)} is already ${owner}'s in cloud ${cloud}`);
      }
    }
  }
  return problems;
}

/** Every rule the catalog breaks, one line each (`"<id>: <problem>"`); empty when the catalog is sound. */
export function validateCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  if (!isCalendarDate(catalog.version))
    problems.push(`catalog version ${JSON.stringify(catalog.version)} is not YYYY-MM-DD`);
  const ids = new Set<string>();
  const owners = new Map<string, string>();
  for (const entry of catalog.entries) {
    if (ids.has(entry.id)) problems.push(`${entry.id}: id is used twice`);
    ids.add(entry.id);
    for (const pattern of entry.patterns) {
      const owner = owners.get(pattern);
      if (owner !== undefined && owner !== entry.id)
        problems.push(`${entry.id}: pattern ${pattern} is already in ${owner}`);
      else owners.set(pattern, entry.id);
    }
  }
  for (const entry of catalog.entries) problems.push(...entryProblems(entry, catalog));
  problems.push(...duplicateNames(catalog));
  return problems;
}
