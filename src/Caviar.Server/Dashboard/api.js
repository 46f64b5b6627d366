import { timed } from "./timing.js";

// Talks to the HTTP API with the bearer token the user typed in. The token is kept in this tab's sessionStorage only
// (gone when the tab closes), never in localStorage and never in the address.
const TOKEN_KEY = "caviar-token";
localStorage.removeItem(TOKEN_KEY);   // where an older dashboard kept it

export const session = { token: sessionStorage.getItem(TOKEN_KEY) || "" };
export function setToken(token) {
  session.token = token;
  if (token) sessionStorage.setItem(TOKEN_KEY, token); else sessionStorage.removeItem(TOKEN_KEY);
}

function refusal(response) {
  return response.json().catch(() => ({ field: "", reason: response.statusText })).then(e =>
    Promise.reject(Object.assign(new Error(`${e.field}: ${e.reason}`), { status: response.status, errors: e.errors ?? [e] })));
}
const headers = () => ({ Authorization: "Bearer " + session.token });

export function api(path, options = {}) {
  return fetch("/api" + path, { ...options, headers: { ...headers(), ...(options.headers || {}) } })
    .then(r => r.ok ? r.json() : refusal(r));
}
export const post = path => api(path, { method: "POST" });

// Downloads a file the API serves behind the token: fetched with the header, handed to the browser as a blob.
export async function download(path, name) {
  const response = await fetch("/api" + path, { headers: headers() });
  if (!response.ok) return refusal(response);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Reads server-sent events with the token (EventSource cannot send a header): calls onEvent(kind, data) for each,
// reconnects after a dropped connection, stops when signal aborts. onError gets a refusal (a 401 among them).
export function events(path, onEvent, onError, signal) {
  const run = async () => {
    while (!signal.aborted) {
      try {
        const asked = performance.now(), seen = new Set();
        if (!performance.getEntriesByName("caviar:asked").length) performance.mark("caviar:asked");
        const response = await fetch("/api" + path, { headers: headers(), signal });
        if (!response.ok) { await refusal(response).catch(onError); return; }
        const reader = response.body.getReader(), decoder = new TextDecoder();
        // A large event (10,000 trials: megabytes) comes in many chunks: each chunk is searched for the blank line that
        // ends an event from where the last search stopped, not from the start again.
        let buffer = "", searched = 0;
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += decoder.decode(value, { stream: true });
          for (;;) {
            const end = buffer.indexOf("\n\n", Math.max(0, searched - 1));
            if (end < 0) { searched = buffer.length; break; }
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            searched = 0;
            let kind = "message", data = "";
            for (const line of block.split("\n")) {
              if (line.startsWith("event: ")) kind = line.slice(7);
              else if (line.startsWith("data: ")) data += line.slice(6);
            }
            if (!data) continue;
            // The first event of each kind: how long after asking it had arrived whole (server and network).
            if (!seen.has(kind)) { seen.add(kind); performance.measure("caviar:received " + kind, { start: asked, end: performance.now() }); }
            onEvent(kind, timed("parse " + kind, () => JSON.parse(data)));
          }
        }
      } catch (e) {
        if (signal.aborted) return;
      }
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  };
  run();
}
