/**
 * The worker's runtime messages: a WebSocket close from a content script, a check's request, or a
 * page's request about a tab (answer.ts); a malformed message or a failed answer becomes `{ error }`.
 */
import { isWebSocketClosedMessage, parseRequest } from "../messages.js";
import type { ExtensionApi, MessageSender } from "../platform/api.js";
import { answer, type AnswerDeps } from "./answer.js";
import type { Checks } from "./check.js";
import type { SerialQueue } from "./serial-queue.js";
import type { TabDiagnoses } from "./tab-diagnoses.js";

export interface MessageRouterParts {
  api: Pick<ExtensionApi, "runtime">;
  queue: SerialQueue;
  diagnoses: TabDiagnoses;
  checks: Pick<Checks, "answer">;
  answerDeps: AnswerDeps;
}

/**
 * A WebSocket close from the content scripts: only from this extension, only for a tab
 * that shows a studio session, and only what parseSocketClose accepts; the tab is the sender's.
 */
function observeSocketClose(
  { api, queue, diagnoses }: MessageRouterParts,
  message: { close: unknown },
  sender: MessageSender,
): Promise<unknown> {
  const tabId = sender.tab?.id;
  if (sender.id !== api.runtime.id || typeof tabId !== "number" || tabId < 0)
    return Promise.resolve({ error: "websocket-closed comes from a tab's content script" });
  return queue.enqueue(() => diagnoses.observeSocketClose(tabId, message.close)).then(() => ({ ok: true }));
}

export function routeMessage(parts: MessageRouterParts, message: unknown, sender: MessageSender): Promise<unknown> {
  if (isWebSocketClosedMessage(message)) return observeSocketClose(parts, message, sender);
  const parsed = parseRequest(message);
  if (!parsed.ok) return Promise.resolve({ error: parsed.error });
  const request = parsed.request;
  const answering =
    request.type === "run-check" || request.type === "check-hosts"
      ? parts.checks.answer(request)
      : answer(parts.answerDeps, request);
  return answering.catch((error: unknown) => ({ error: error instanceof Error ? error.message : String(error) }));
}
