/**
 * A chat turn as it runs: `POST /api/{user_id}/chat` with `Accept: text/event-stream`, read from
 * fetch's body stream (EventSource cannot POST nor send a Bearer header). See docs/api.md and ADR-014.
 */
import type { TodoChatClientOptions } from "./index.js";
import type { components } from "./schema.js";

type Schemas = components["schemas"];

/** Every event a streamed turn sends, by its `event:` name; `id` is the SSE id, increasing. */
export type ChatEvent =
  | { type: "turn.started"; id: string; data: { conversation_id: string } }
  | { type: "tool.started"; id: string; data: { call_id: string; tool: string; arguments: unknown } }
  | { type: "tool.completed"; id: string; data: { call_id: string; tool: string; arguments: unknown; result: unknown } }
  /** A chunk of the reply: the stored reply is the chunks joined (since the last `turn.restarted`). */
  | { type: "message.delta"; id: string; data: { text: string } }
  /** What the turn read changed before it was stored: drop what this turn streamed so far; it runs again. */
  | { type: "turn.restarted"; id: string; data: { attempt: number } }
  /** The reply as stored (with its seq) and the conversation's new ETag. */
  | { type: "turn.completed"; id: string; data: { conversation_id: string; message: Schemas["MessageDto"] | null; tool_calls: Schemas["ToolCallDto"][]; etag: string } }
  /** Nothing of the turn was stored: an RFC 9457 problem. */
  | { type: "turn.failed"; id: string; data: Schemas["ProblemDetails"] & { retry_after?: number } };

/** Where and as whom: the same options as `createTodoChatClient`. */
export type StreamChatOptions = TodoChatClientOptions;

export interface StreamChatRequest {
  userId: string;
  conversationId: string | null;
  message: string;
  /** Makes the turn safe to send again: a retry with the same key streams the stored turn. */
  idempotencyKey?: string;
  /** Stops reading. The turn itself goes on and is stored: read it from the history. */
  signal?: AbortSignal;
}

/** A request refused before its turn started: the problem, as every other error of the API. */
export class TodoChatProblemError extends Error {
  constructor(readonly status: number, readonly problem: Schemas["ProblemDetails"] | Schemas["ValidationProblemDetails"]) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`);
    this.name = "TodoChatProblemError";
  }
}

/**
 * Sends one chat message and yields the turn's events as they come:
 * ```ts
 * for await (const event of streamChat(options, { userId: "alice", conversationId: null, message: "add milk" })) {
 *   if (event.type === "message.delta") output.textContent += event.data.text;
 * }
 * ```
 * Throws {@link TodoChatProblemError} when the request is refused before the turn starts (400, 404, 429, ...).
 */
export async function* streamChat(options: StreamChatOptions, request: StreamChatRequest): AsyncGenerator<ChatEvent, void, undefined> {
  const token = typeof options.token === "function" ? await options.token() : options.token;
  const headers: Record<string, string> = {
    Accept: "text/event-stream",
    Authorization: `Bearer ${token}`,
    "Content-Type": "application/json",
  };
  if (request.idempotencyKey) headers["Idempotency-Key"] = request.idempotencyKey;
  const url = `${options.baseUrl.replace(/\/+$/, "")}/api/${encodeURIComponent(request.userId)}/chat`;
  const response = await (options.fetch ?? globalThis.fetch)(url, {
    method: "POST",
    headers,
    body: JSON.stringify({ conversation_id: request.conversationId, message: request.message }),
    ...(request.signal ? { signal: request.signal } : {}),
  });
  if (!response.ok || !(response.headers.get("Content-Type") ?? "").startsWith("text/event-stream")) {
    const text = await response.text();
    let problem: Schemas["ProblemDetails"];
    try {
      problem = JSON.parse(text) as Schemas["ProblemDetails"];
    } catch {
      problem = { status: response.status, title: response.statusText, detail: text };
    }
    throw new TodoChatProblemError(response.status, problem);
  }
  if (!response.body) throw new Error("The response has no body to stream.");

  yield* parseEvents(response.body);
}

/** Server-Sent Events from a byte stream: named events with JSON data; comments (heartbeats) are skipped. */
export async function* parseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<ChatEvent, void, undefined> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      buffer = buffer.replace(/\r\n?/g, "\n");
      let end: number;
      while ((end = buffer.indexOf("\n\n")) >= 0) {
        const event = parseEvent(buffer.slice(0, end));
        buffer = buffer.slice(end + 2);
        if (event) yield event;
      }
      if (done) return;
    }
  } finally {
    reader.releaseLock();
  }
}

function parseEvent(block: string): ChatEvent | undefined {
  let id = "";
  let type = "";
  const data: string[] = [];
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) continue;
    const colon = line.indexOf(":");
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
    if (field === "id") id = value;
    else if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  if (!type || data.length === 0) return undefined;
  return { type, id, data: JSON.parse(data.join("\n")) } as ChatEvent;
}
