/**
 * The TodoChat API client: openapi-fetch over the types openapi-typescript generates from
 * openapi/todochat.v1.json (src/schema.ts; regenerate with `npm run generate`).
 */
import createClient, { type Client, type Middleware } from "openapi-fetch";
import type { components, paths } from "./schema.js";

export type { components, operations, paths } from "./schema.js";
export { streamChat, parseEvents, TodoChatProblemError, type ChatEvent, type StreamChatOptions, type StreamChatRequest } from "./stream.js";

type Schemas = components["schemas"];
export type Task = Schemas["TaskDto"];
export type Message = Schemas["MessageDto"];
export type HistoryPage = Schemas["ConversationHistoryPage"];
export type Conversation = Schemas["ConversationDto"];
export type ChatTurn = Schemas["ChatTurnDto"];
export type ToolCall = Schemas["ToolCallDto"];
export type Problem = Schemas["ProblemDetails"];
export type SyncPage = Schemas["SyncPage"];
export type SyncedConversation = Schemas["SyncedConversation"];
export type ValidationProblem = Schemas["ValidationProblemDetails"];

export interface TodoChatClientOptions {
  /** Where TodoChat listens, e.g. "http://127.0.0.1:5000". */
  baseUrl: string;
  /** A JWT whose `sub` is the user, or a function that returns a fresh one for each request. */
  token: string | (() => string | Promise<string>);
  /** A fetch of your own (tests, proxies); the global fetch by default. */
  fetch?: typeof globalThis.fetch;
}

// JSON and problem+json only: the chat operation's text/event-stream answer is read by streamChat().
type JsonMedia = `application/${string}json`;
export type TodoChatClient = Client<paths, JsonMedia>;

/** A typed client: `client.GET("/api/{user_id}/tasks", { params: { path: { user_id } } })`. */
export function createTodoChatClient(options: TodoChatClientOptions): TodoChatClient {
  const client = createClient<paths, JsonMedia>({
    baseUrl: options.baseUrl.replace(/\/+$/, ""),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const bearer: Middleware = {
    async onRequest({ request }) {
      const token = typeof options.token === "function" ? await options.token() : options.token;
      request.headers.set("Authorization", `Bearer ${token}`);
      return request;
    },
  };
  client.use(bearer);
  return client;
}

/**
 * One call of `GET /api/{user_id}/sync` per batch until the client is current: each page is passed to
 * `apply` in order, and the token to keep for next time is returned. Start with `since` null (from
 * nothing: the recent conversations). A client that is already current costs the server one counter read.
 */
export async function sync(
  client: TodoChatClient,
  userId: string,
  since: string | null,
  apply: (page: SyncPage) => void | Promise<void>,
  options: { limit?: number } = {},
): Promise<string> {
  let token = since;
  for (;;) {
    const { data, error, response } = await client.GET("/api/{user_id}/sync", {
      params: { path: { user_id: userId }, query: { ...(token ? { since: token } : {}), ...(options.limit ? { limit: options.limit } : {}) } },
    });
    if (!data) throw new Error(error?.detail ?? error?.title ?? `sync failed: HTTP ${response.status}`);
    await apply(data);
    token = data.next_token;
    if (!data.has_more) return token;
  }
}
