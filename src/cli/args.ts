/** Strict option parsing for every command: unknown flags and missing values are usage errors. */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { UsageError } from "./io.js";
import { closest } from "./suggest.js";

type Options = NonNullable<ParseArgsConfig["options"]>;

export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

export function parseCommandArgs(argv: readonly string[], options: Options, allowPositionals = false): Parsed {
  try {
    const { values, positionals } = parseArgs({ args: [...argv], options, allowPositionals, strict: true });
    return { values: values as Parsed["values"], positionals };
  } catch (error) {
    // node:util's messages are long and suggest `--` tricks; keep the first sentence.
    const message = error instanceof Error ? error.message.split(/\.\s/)[0] : String(error);
    const unknown = /^Unknown option '--([^']+)'/.exec(message ?? "");
    const suggestion = unknown ? closest(unknown[1]!, Object.keys(options)) : undefined;
    const missing = /^Option '(-[^' ]+)[^']*' argument (?:missing|is ambiguous)/.exec(message ?? "");
    const unexpected = /^Unexpected argument '([^']*)'/.exec(message ?? "");
    const noValue = /^Option '(-[^']+)' does not take an argument/.exec(message ?? "");
    const ja = unknown
      ? `不明なオプションです: --${unknown[1]}${suggestion ? `（--${suggestion} のことですか?）` : ""}`
      : missing
        ? `${missing[1]} に値を指定してください`
        : unexpected
          ? `余分な引数があります: ${unexpected[1]}`
          : noValue
            ? `${noValue[1]} には値を指定できません`
            : undefined;
    throw new UsageError(suggestion ? `${message} (did you mean --${suggestion}?)` : (message ?? "bad arguments"), ja);
  }
}

/** The value of a string option, or undefined; a flag given twice keeps the last value. */
export function stringOption(parsed: Parsed, name: string): string | undefined {
  const value = parsed.values[name];
  return typeof value === "string" ? value : undefined;
}

export function oneOf<T extends string>(
  name: string,
  value: string | undefined,
  allowed: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(
    `--${name} must be one of ${allowed.join(", ")} (got ${JSON.stringify(value)})`,
    `--${name} には ${allowed.join("、")} のいずれかを指定してください（指定された値: ${JSON.stringify(value)}）`,
  );
}
