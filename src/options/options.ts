/** Options entry: wires the controller to the real page and browser. */
import { browser } from "../platform/browser.js";
import { startOptions } from "./controller.js";

startOptions(document, browser);
