/** The slice of web-ext's Node API that scripts/build.ts uses (web-ext ships no types). */
declare module "web-ext" {
  interface BuildParams {
    sourceDir: string;
    artifactsDir: string;
    filename?: string;
    overwriteDest?: boolean;
  }
  const webExt: {
    cmd: {
      build(params: BuildParams, options?: { showReadyMessage?: boolean }): Promise<{ extensionPath: string }>;
    };
  };
  export default webExt;
}
