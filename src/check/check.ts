/** Check page entry: wires the controller to the real page and browser. */
import { browser } from "../platform/browser.js";
import { startCheckPage } from "./controller.js";

startCheckPage({
  doc: document,
  api: browser,
  search: location.search,
  clipboard: navigator.clipboard,
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
});
