// The API client: the key lives in sessionStorage only and goes out as a Bearer header.
const KEY = "pg.console.key";
let base = "";

// Settings config.json may carry besides api_base; each keeps its default when absent or out of range.
export const settings = { approvalsRefreshMs: 10000 };

export async function loadConfig() {
  const reply = await fetch("config.json", { cache: "no-store", credentials: "omit" });
  if (!reply.ok) return;
  const config = await reply.json();
  base = String(config.api_base || "").replace(/\/+$/, "");
  const refresh = Number(config.approvals_refresh_ms);
  if (Number.isInteger(refresh) && refresh >= 1000 && refresh <= 600000) settings.approvalsRefreshMs = refresh;
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (key) => sessionStorage.setItem(KEY, key),
  clear: () => sessionStorage.clear(),
};

export class ApiError extends Error {
  constructor(status, body) {
    const error = (body && body.error) || {};
    super(error.message || `the API answered ${status}`);
    this.status = status;
    this.code = error.code || "http_" + status;
    this.details = Array.isArray(error.details) ? error.details : [];
    this.requestId = body && body.request_id;
  }
}

let onUnauthorized = () => {};
export function whenUnauthorized(handler) { onUnauthorized = handler; }

export async function api(method, path, { body, query, headers, key } = {}) {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query || {})) {
    if (value !== undefined && value !== null && value !== "") params.set(name, value);
  }
  const qs = params.toString();
  const sent = { Accept: "application/json", ...(headers || {}) };
  const bearer = key || session.key();
  if (bearer) sent.Authorization = `Bearer ${bearer}`;
  if (body !== undefined) sent["Content-Type"] = "application/json";
  let reply;
  try {
    reply = await fetch(base + path + (qs ? `?${qs}` : ""), {
      method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store", referrerPolicy: "no-referrer", redirect: "error",
    });
  } catch {
    throw new ApiError(0, { error: { message: "the API could not be reached" } });
  }
  const text = await reply.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!reply.ok) {
    const error = new ApiError(reply.status, data);
    if (reply.status === 401 && !key) onUnauthorized(error);
    throw error;
  }
  return { status: reply.status, data, etag: reply.headers.get("ETag") };
}

export const get = (path, query) => api("GET", path, { query }).then((r) => r.data);
