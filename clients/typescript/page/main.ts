/**
 * The development chat page served at /chat: a manual test bench and the frontend team's example.
 * Built only on @todochat/client: the typed client for tasks and history, sync() for the
 * conversation list, streamChat() for replies. Bundled by esbuild (npm run build:page) into
 * src/WebApi/ChatPage/chat.js, which is checked in.
 */
import { createTodoChatClient, streamChat, sync, type ChatEvent, type Message, type TodoChatClient } from "../src/index.js";

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;

interface Session {
  client: TodoChatClient;
  token: string;
  userId: string;
  syncToken: string | null;
  conversations: Map<string, { title: string; updatedAt: string }>;
  current: string | null;
}

let session: Session | null = null;

/** The `sub` of a JWT, read without verifying it (the service verifies). */
function subjectOf(token: string): string {
  const payload = token.split(".")[1] ?? "";
  const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/"));
  return (JSON.parse(json) as { sub: string }).sub;
}

function status(text: string) {
  $("status").textContent = text;
}

async function connect() {
  const token = $<HTMLInputElement>("token").value.trim();
  const userId = subjectOf(token);
  session = {
    client: createTodoChatClient({ baseUrl: location.origin, token }),
    token,
    userId,
    syncToken: null,
    conversations: new Map(),
    current: null,
  };
  $("user").textContent = userId;
  await Promise.all([refreshConversations(), refreshTasks()]);
  status("connected");
}

async function refreshConversations() {
  if (!session) return;
  const s = session;
  s.syncToken = await sync(s.client, s.userId, s.syncToken, (page) => {
    for (const changed of page.conversations) {
      s.conversations.set(changed.conversation.id, { title: changed.conversation.title, updatedAt: changed.conversation.updated_at });
    }
    for (const gone of page.deleted) s.conversations.delete(gone.id);
  });
  const list = $("conversations");
  list.replaceChildren();
  const sorted = [...s.conversations.entries()].sort((a, b) => b[1].updatedAt.localeCompare(a[1].updatedAt));
  for (const [id, conversation] of sorted) {
    const item = document.createElement("li");
    item.textContent = conversation.title;
    item.dataset.id = id;
    item.className = id === s.current ? "selected" : "";
    item.onclick = () => void open(id);
    list.append(item);
  }
}

async function open(conversationId: string | null) {
  if (!session) return;
  session.current = conversationId;
  const messages = $("messages");
  messages.replaceChildren();
  if (conversationId) {
    const { data } = await session.client.GET("/api/{user_id}/conversations/{conversation_id}/messages", {
      params: { path: { user_id: session.userId, conversation_id: conversationId }, query: { limit: 100, order: "desc" } },
    });
    for (const message of [...(data?.data ?? [])].reverse()) show(message.role, message.content);
  }
  await refreshConversations();
}

function show(role: Message["role"] | "tool" | "error", text: string): HTMLElement {
  const bubble = document.createElement("div");
  bubble.className = `message ${role}`;
  bubble.textContent = text;
  $("messages").append(bubble);
  bubble.scrollIntoView({ block: "end" });
  return bubble;
}

async function refreshTasks() {
  if (!session) return;
  const { data } = await session.client.GET("/api/{user_id}/tasks", { params: { path: { user_id: session.userId }, query: { limit: 100 } } });
  const list = $("tasks");
  list.replaceChildren();
  for (const task of data?.data ?? []) {
    const item = document.createElement("li");
    item.textContent = task.title;
    item.className = task.completed ? "done" : "";
    list.append(item);
  }
}

async function send() {
  if (!session) return;
  const input = $<HTMLTextAreaElement>("message");
  const message = input.value.trim();
  if (!message) return;
  input.value = "";
  show("user", message);
  let reply = show("assistant", "");
  reply.dataset.deltas = "0";
  reply.classList.add("streaming");
  status("thinking…");
  try {
    for await (const event of streamChat(
      { baseUrl: location.origin, token: session.token },
      { userId: session.userId, conversationId: session.current, message, idempotencyKey: crypto.randomUUID() },
    )) {
      reply = render(event, reply);
    }
  } catch (error) {
    show("error", error instanceof Error ? error.message : String(error));
  }
  reply.classList.remove("streaming");
  status("ready");
  await Promise.all([refreshConversations(), refreshTasks()]);
}

function render(event: ChatEvent, reply: HTMLElement): HTMLElement {
  switch (event.type) {
    case "turn.started":
      if (session) session.current = event.data.conversation_id;
      return reply;
    case "tool.started":
      reply.before(Object.assign(document.createElement("div"), { className: "message tool", textContent: `${event.data.tool}(${JSON.stringify(event.data.arguments)})` }));
      return reply;
    case "tool.completed":
      return reply;
    case "message.delta":
      reply.textContent += event.data.text;
      reply.dataset.deltas = String(Number(reply.dataset.deltas) + 1);
      return reply;
    case "turn.restarted":
      // What was shown of this turn is void: it runs again.
      $("messages").querySelectorAll(".tool").forEach((tool) => tool.remove());
      reply.textContent = "";
      return reply;
    case "turn.completed":
      reply.dataset.seq = String(event.data.message?.seq ?? "");
      reply.classList.add("stored");
      return reply;
    case "turn.failed":
      reply.classList.add("failed");
      reply.textContent = event.data.detail ?? event.data.title ?? "The turn failed.";
      return reply;
  }
}

$("connect").onclick = () => void connect().catch((e) => status(String(e)));
$("send").onclick = () => void send();
$("new").onclick = () => void open(null);
$<HTMLTextAreaElement>("message").onkeydown = (e) => {
  if (e.key === "Enter" && !e.shiftKey) {
    e.preventDefault();
    void send();
  }
};
