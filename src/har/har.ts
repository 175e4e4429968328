/** HAR page entry: wires the controller to the real page and browser. */
import { browser } from "../platform/browser.js";
import { startHarPage } from "./controller.js";

startHarPage({
  doc: document,
  api: browser,
  clipboard: navigator.clipboard,
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  now: () => Date.now(),
});
