/** Popup entry: wires the controller to the real page and browser. */
import { browser } from "../platform/browser.js";
import { startPopup } from "./controller.js";

startPopup({
  doc: document,
  api: browser,
  search: location.search,
  clipboard: navigator.clipboard,
  createObjectURL: (blob) => URL.createObjectURL(blob),
  revokeObjectURL: (url) => URL.revokeObjectURL(url),
  later: (callback, ms) => void setTimeout(callback, ms),
});
