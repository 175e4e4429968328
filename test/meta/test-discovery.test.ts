/**
 * Every test file runs, once. A narrowed `include` glob can silently stop a suite from running;
 * here vitest itself resolves vitest.config.ts and lists each project's files, and every
 * `*.test.ts` in the repository must belong to exactly one project.
 */
import { readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";
import { createVitest } from "vitest/node";

const root = fileURLToPath(new URL("../..", import.meta.url));
const SKIP_DIRS = new Set(["node_modules", "dist", ".git", ".tmp"]);

/** Every `*.test.ts` under the repository, as a path relative to its root. */
function testFiles(dir = ""): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(`${root}${dir}`, { withFileTypes: true })) {
    const path = `${dir}${entry.name}`;
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) found.push(...testFiles(`${path}/`));
    } else if (entry.name.endsWith(".test.ts")) found.push(path);
  }
  return found.sort();
}

// Starting a second vitest in-process and globbing the repository: about 1 s alone, more beside the
// other unit files on two cores.
test(
  "every *.test.ts belongs to exactly one vitest project, and every project has files",
  { timeout: 20_000 },
  async () => {
    const vitest = await createVitest("test", { root, watch: false, config: `${root}vitest.config.ts` });
    try {
      const specifications = await vitest.globTestSpecifications();
      const projectsOf = new Map<string, string[]>();
      for (const specification of specifications) {
        const file = specification.moduleId.slice(root.length);
        projectsOf.set(file, [...(projectsOf.get(file) ?? []), specification.project.name]);
      }
      const files = testFiles();
      expect(files.length).toBeGreaterThan(20);
      expect(
        files
          .filter((file) => projectsOf.get(file)?.length !== 1)
          .map((file) => `${file}: ${projectsOf.get(file) ?? "none"}`),
      ).toEqual([]);
      expect([...projectsOf.keys()].sort()).toEqual(files);
      const perProject = new Set(specifications.map((specification) => specification.project.name));
      expect([...perProject].sort()).toEqual(["browser", "firefox", "unit"]);
    } finally {
      await vitest.close();
    }
  },
);
