/**
 * The generated client against a running TodoChat. The .NET test suite starts one and runs this
 * with TODOCHAT_URL, TODOCHAT_USER and TODOCHAT_TOKEN; by hand:
 *   TODOCHAT_URL=http://127.0.0.1:5000 TODOCHAT_USER=alice \
 *   TODOCHAT_TOKEN=$(dotnet pwsh ./build.ps1 token alice) npm test
 */
import assert from "node:assert/strict";
import { test } from "node:test";
import { createTodoChatClient, streamChat, sync, TodoChatProblemError, type ChatEvent, type ChatTurn, type SyncPage } from "../src/index.js";

function setting(name: string): string {
  const value = process.env[name];
  if (!value) {
    throw new Error(`${name} is not set: these tests call a running TodoChat (see the comment at the top of this file).`);
  }
  return value;
}

const user = setting("TODOCHAT_USER");
const client = createTodoChatClient({ baseUrl: setting("TODOCHAT_URL"), token: setting("TODOCHAT_TOKEN") });

async function chat(message: string, conversationId: string | null): Promise<{ turn: ChatTurn; etag: string | null }> {
  const { data, error, response } = await client.POST("/api/{user_id}/chat", {
    params: { path: { user_id: user } },
    body: { conversation_id: conversationId, message },
  });
  assert.equal(response.status, 200, JSON.stringify(error));
  assert.ok(data);
  return { turn: data, etag: response.headers.get("ETag") };
}

test("a chat turn adds a task through the agent", async () => {
  const { turn, etag } = await chat("add water the plants", null);

  assert.match(turn.conversation_id, /^[0-9a-f-]{36}$/);
  assert.deepEqual(turn.tool_calls.map((call) => call.tool), ["add_task"]);
  assert.match(etag ?? "", /^W\/"/);

  const { data } = await client.GET("/api/{user_id}/tasks", { params: { path: { user_id: user }, query: { status: "pending" } } });
  assert.ok(data?.data.some((task) => task.title.toLowerCase() === "water the plants"));
});

test("history pages with the cursor, then revalidates with the ETag (304)", async () => {
  const { turn } = await chat("add buy milk", null);
  const conversationId = turn.conversation_id;
  await chat("show my tasks", conversationId);
  await chat("what's left on my list?", conversationId);

  const seqs: number[] = [];
  let cursor: string | undefined;
  let etag = "";
  do {
    const { data, response } = await client.GET("/api/{user_id}/conversations/{conversation_id}/messages", {
      params: { path: { user_id: user, conversation_id: conversationId }, query: { limit: 4, ...(cursor ? { cursor } : {}) } },
    });
    assert.equal(response.status, 200);
    assert.ok(data);
    seqs.push(...data.data.map((message) => message.seq));
    assert.equal(data.has_more, data.next_cursor != null);
    cursor = data.next_cursor ?? undefined;
    etag = response.headers.get("ETag") ?? "";
  } while (cursor);

  assert.deepEqual(seqs, [1, 2, 3, 4, 5, 6]);

  const { response } = await client.GET("/api/{user_id}/conversations/{conversation_id}/messages", {
    params: { path: { user_id: user, conversation_id: conversationId }, header: { "If-None-Match": etag } },
  });
  assert.equal(response.status, 304);
});

test("a bad parameter is a typed problem", async () => {
  const { turn } = await chat("hello", null);

  const { data, error, response } = await client.GET("/api/{user_id}/conversations/{conversation_id}/messages", {
    params: { path: { user_id: user, conversation_id: turn.conversation_id }, query: { limit: 0 } },
  });

  assert.equal(data, undefined);
  assert.equal(response.status, 400);
  assert.equal(response.headers.get("Content-Type"), "application/problem+json");
  assert.ok(error && "errors" in error && error.errors);
  assert.deepEqual(Object.keys(error.errors), ["limit"]);
});

test("streamChat yields the turn's events in order, and the reply is the deltas joined", async () => {
  await client.POST("/api/{user_id}/tasks", { params: { path: { user_id: user } }, body: { title: "Buy groceries" } });

  const events: ChatEvent[] = [];
  for await (const event of streamChat(
    { baseUrl: setting("TODOCHAT_URL"), token: setting("TODOCHAT_TOKEN") },
    { userId: user, conversationId: null, message: "I finished the groceries one" },
  )) {
    events.push(event);
  }

  const types = events.map((e) => e.type).filter((t) => t !== "message.delta");
  assert.deepEqual(types, ["turn.started", "tool.started", "tool.completed", "tool.started", "tool.completed", "turn.completed"]);
  const last = events.at(-1);
  assert.ok(last?.type === "turn.completed");
  const text = events.flatMap((e) => (e.type === "message.delta" ? [e.data.text] : [])).join("");
  assert.equal(last.data.message?.content, text);
  assert.equal(last.data.message?.seq, 2);
  assert.match(last.data.etag, /^W\/"/);
});

test("streamChat throws a typed problem when the turn cannot start", async () => {
  await assert.rejects(
    async () => {
      for await (const _ of streamChat(
        { baseUrl: setting("TODOCHAT_URL"), token: setting("TODOCHAT_TOKEN") },
        { userId: user, conversationId: "00000000-0000-0000-0000-000000000001", message: "hello" },
      )) {
        // never reached
      }
    },
    (error: unknown) => error instanceof TodoChatProblemError && error.status === 404,
  );
});

test("sync() starts from nothing, then brings only what changed, tombstones included", async () => {
  const pages: SyncPage[] = [];
  const { turn } = await chat("add sync me", null);
  const first = await sync(client, user, null, (page) => { pages.push(page); });
  assert.ok(pages.flatMap((p) => p.conversations).some((c) => c.conversation.id === turn.conversation_id));

  await client.DELETE("/api/{user_id}/conversations/{conversation_id}", {
    params: { path: { user_id: user, conversation_id: turn.conversation_id } },
  });
  const later: SyncPage[] = [];
  const second = await sync(client, user, first, (page) => { later.push(page); });
  assert.deepEqual(later.flatMap((p) => p.deleted.map((d) => d.id)), [turn.conversation_id]);
  assert.notEqual(second, first);
});
