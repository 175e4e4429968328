/** Put in at build time from package.json's version (esbuild and vitest `define`). */
declare const __TOOL_VERSION__: string;

/** The tool's version, shown in reports and PAC headers. */
export const TOOL_VERSION: string = __TOOL_VERSION__;
