// The fake studio page: makes the requests a studio session makes (fetch, XHR, images, a dedicated
// worker, WebSockets) and records what the page saw of each, for the tests to read.
"use strict";

const results = [];
let worker;
const workerWaiters = new Map();
let nextId = 1;

function record(step, outcome, detail) {
  const result = { kind: step.kind, url: step.url, outcome, detail: String(detail ?? ""), at: Date.now() };
  results.push(result);
  const li = document.createElement("li");
  li.textContent = `${result.kind} ${result.url} → ${outcome} ${result.detail}`;
  document.getElementById("log").append(li);
  return result;
}

function getWorker() {
  if (!worker) {
    worker = new Worker("/worker.js");
    worker.onmessage = (event) => {
      const { id, outcome, detail } = event.data;
      const waiter = workerWaiters.get(id);
      workerWaiters.delete(id);
      if (waiter) waiter(record(waiter.step, outcome, detail));
    };
  }
  return worker;
}

function runStep(step) {
  return new Promise((resolve) => {
    switch (step.kind) {
      case "fetch":
        fetch(step.url, { mode: "cors", cache: "no-store" })
          .then(async (r) => {
            await r.text();
            resolve(record(step, "ok", r.status));
          })
          .catch((e) => resolve(record(step, "error", e)));
        return;
      case "xhr": {
        const xhr = new XMLHttpRequest();
        xhr.open("GET", step.url);
        xhr.onload = () => resolve(record(step, "ok", xhr.status));
        xhr.onerror = () => resolve(record(step, "error", "xhr error"));
        xhr.send();
        return;
      }
      case "img": {
        const img = new Image();
        img.onload = () => resolve(record(step, "ok", `${img.naturalWidth}x${img.naturalHeight}`));
        img.onerror = () => resolve(record(step, "error", "img error"));
        img.src = step.url;
        return;
      }
      case "ws": {
        const ws = new WebSocket(step.url);
        let settled = false;
        ws.onopen = () => {
          settled = true;
          ws.close(1000);
          resolve(record(step, "ok", "open"));
        };
        ws.onclose = (e) => {
          if (!settled) {
            settled = true;
            resolve(record(step, "error", `close ${e.code}`));
          }
        };
        return;
      }
      case "worker-fetch":
      case "worker-ws": {
        const id = nextId++;
        const waiter = (r) => resolve(r);
        waiter.step = step;
        workerWaiters.set(id, waiter);
        getWorker().postMessage({ id, kind: step.kind.slice("worker-".length), url: step.url });
        return;
      }
      default:
        resolve(record(step, "error", `unknown step kind ${step.kind}`));
    }
  });
}

/** Runs the steps at once; resolves with their results once every one has an outcome. */
function run(steps) {
  return Promise.all(steps.map(runStep));
}

/** Fetches every URL with at most `concurrency` in flight; counts outcomes without recording each. */
async function burst(urls, concurrency) {
  const started = performance.now();
  let ok = 0;
  let failed = 0;
  let next = 0;
  async function lane() {
    while (next < urls.length) {
      const url = urls[next++];
      try {
        await fetch(url, { mode: "cors", cache: "no-store" });
        ok++;
      } catch {
        failed++;
      }
    }
  }
  await Promise.all(Array.from({ length: concurrency }, lane));
  return { ok, failed, ms: Math.round(performance.now() - started) };
}

const KINDS = ["fetch", "xhr", "img", "ws", "worker-fetch", "worker-ws"];
const initialSteps = [...new URLSearchParams(location.search)]
  .filter(([key]) => KINDS.includes(key))
  .map(([kind, url]) => ({ kind, url }));

window.__studio = { results, run, burst, initial: run(initialSteps), initialCount: initialSteps.length };
