// Dedicated worker of the fake studio page: its fetches and WebSockets carry the page's tab.
"use strict";

self.onmessage = (event) => {
  const { id, kind, url } = event.data;
  const reply = (outcome, detail) => self.postMessage({ id, outcome, detail: String(detail ?? "") });
  if (kind === "fetch") {
    fetch(url, { mode: "cors", cache: "no-store" })
      .then(async (r) => {
        await r.text();
        reply("ok", r.status);
      })
      .catch((e) => reply("error", e));
  } else if (kind === "ws") {
    const ws = new WebSocket(url);
    let settled = false;
    ws.onopen = () => {
      settled = true;
      ws.close(1000);
      reply("ok", "open");
    };
    ws.onclose = (e) => {
      if (!settled) {
        settled = true;
        reply("error", `close ${e.code}`);
      }
    };
  } else {
    reply("error", `unknown worker step ${kind}`);
  }
};
