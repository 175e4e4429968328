/**
 * The one import of webextension-polyfill: Chrome's callback-era `chrome.*` and Firefox's
 * `browser.*` both become the promise-based ExtensionApi here.
 */
import polyfill from "webextension-polyfill";
import type { ExtensionApi } from "./api.js";

// The polyfill's types describe every API of every browser; the cast narrows them to the slice
// in ./api.ts, whose members are written to match the polyfill's signatures.
export const browser = polyfill as unknown as ExtensionApi;
