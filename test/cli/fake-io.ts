/** An in-memory CliIo: files in a Map, output collected, a fixed clock; the directory `/nonexistent/` does not exist. */
import type { CliIo } from "../../src/cli/io.js";

export interface FakeIo extends CliIo {
  out: string;
  err: string;
  files: Map<string, string>;
}

export function fakeIo(files: Record<string, string> = {}): FakeIo {
  const io: FakeIo = {
    out: "",
    err: "",
    files: new Map(Object.entries(files)),
    stdout: (text) => void (io.out += text),
    stderr: (text) => void (io.err += text),
    readFile: async (path) => {
      const text = io.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, open '${path}'`);
      return text;
    },
    // Yields the file in small pieces, so readers meet chunk boundaries everywhere.
    readChunks: async function* (path) {
      const text = io.files.get(path);
      if (text === undefined)
        throw Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: "ENOENT" });
      for (let i = 0; i < text.length; i += 4096) yield text.slice(i, i + 4096);
    },
    fileSize: async (path) => {
      const text = io.files.get(path);
      if (text === undefined) throw new Error(`ENOENT: no such file or directory, stat '${path}'`);
      return Buffer.byteLength(text);
    },
    writeFile: async (path, text) => {
      // As bin.ts reports it: Node names the temp file it writes first.
      if (path.startsWith("/nonexistent/"))
        throw new Error(`ENOENT: no such file or directory, open '${path}.1234.tmp'`);
      io.files.set(path, text);
    },
    now: () => new Date("2026-11-28T09:30:00.000Z"),
  };
  return io;
}
