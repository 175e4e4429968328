import type { DnsResolver } from "../core/dns-check.js";
import type { CheckNetwork } from "./network.js";

/** What the CLI needs from its host process; bin.ts supplies the real one, tests a fake. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<string>;
  /** The file's bytes in chunks, so a large HAR is never one string. */
  readChunks(path: string): AsyncIterable<Uint8Array | string>;
  /** Size in bytes, so huge inputs can be refused before they are read. */
  fileSize(path: string): Promise<number>;
  writeFile(path: string, text: string): Promise<void>;
  now(): Date;
  /** The user's IANA time zone, for the times in reports (UTC when absent). */
  timeZone?(): string;
  /**
   * A DNS resolver: the system's, or one that asks `server` (`ADDR[:PORT]`, `[V6]:PORT`). bin.ts
   * gives Node's `dns.promises.Resolver`; tests a resolver pointed at their own DNS server.
   */
  resolver?(server?: string): DnsResolver;
  /** Requests for `check` (absent: `check` cannot run). */
  network?: CheckNetwork;
  /** The proxy the environment names for a URL (HTTPS_PROXY, NO_PROXY), "" for none. */
  proxyForUrl?(url: string): string;
  /** Standard error is a terminal: `check` draws a progress bar there. */
  stderrIsTTY?: boolean;
}

/** A mistake in the command line: printed as one line, exit code 2; in Japanese under `--lang ja` when `ja` is given. */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    message: string,
    readonly ja?: string,
  ) {
    super(message);
  }
}

/** A problem with the input or the environment: printed as one line without a stack, exit code 1; in Japanese under `--lang ja` when `ja` is given. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    message: string,
    readonly ja?: string,
  ) {
    super(message);
  }
}

/**
 * The first line of a file-system error, without Node's trailing `, open '<path>'`: the caller names
 * the path, and the one Node names may be the temp file bin.ts writes first.
 */
export function ioErrorReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split(/\r?\n/)[0]!.replace(/, [a-z]+ '[^']*'(?: -> '[^']*')?$/, "");
}

/**
 * The one place that sends a command's output to standard output or to `--out FILE`; a write
 * failure becomes a one-line InputError naming FILE.
 */
export async function writeOutput(io: CliIo, out: string | undefined, text: string): Promise<void> {
  if (out === undefined) {
    io.stdout(text);
    return;
  }
  try {
    await io.writeFile(out, text);
  } catch (error) {
    throw new InputError(
      `cannot write ${out}: ${ioErrorReason(error)}`,
      `${out} に書き込めません: ${ioErrorReason(error)}`,
    );
  }
}
