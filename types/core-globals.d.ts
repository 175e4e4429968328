/**
 * The globals src/core may use beyond ES2022, present alike in browsers, workers and Node: the
 * WHATWG URL parser (https://url.spec.whatwg.org/#url-class) and `atob`, the base64 decoder
 * (https://developer.mozilla.org/docs/Web/API/Window/atob; a global in Node since 16). tsconfig.core.json compiles src/core
 * with this file and without DOM or Node types, so any other host API fails to compile there.
 * Only the members core reads are declared; add one here when core needs it.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  readonly username: string;
  readonly password: string;
  readonly pathname: string;
  readonly search: string;
  readonly href: string;
}

declare function atob(data: string): string;
