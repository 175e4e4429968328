import { version } from "../package.json";

/**
 * The tool's version, shown in reports and PAC headers: package.json's, the one place it is
 * written. esbuild inlines only this field of package.json into the CLI bundle; tsx and vitest
 * read it from source.
 */
export const TOOL_VERSION: string = version;
