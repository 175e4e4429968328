/**
 * The one global src/core may use beyond ES2022: the WHATWG URL parser, present alike in browsers,
 * workers and Node (https://url.spec.whatwg.org/#url-class). tsconfig.core.json compiles src/core
 * with this file and without DOM or Node types, so any other host API fails to compile there.
 * Only the members core reads are declared; add one here when core needs it.
 */
declare class URL {
  constructor(url: string, base?: string);
  readonly hostname: string;
  readonly host: string;
  readonly port: string;
  readonly protocol: string;
  readonly pathname: string;
  readonly search: string;
  readonly href: string;
}
