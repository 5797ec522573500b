import { api, get } from "../api.js";
import { h, replace, status, errorBox, empty, when, field, button, table, tableWrap, showFieldErrors, newId } from "../dom.js";
import { setQuery } from "../app.js";
import { pager, readStack, writeStack } from "../pager.js";

const SCOPES = ["admin", "policies:read", "policies:write", "evaluate", "approvals:read", "approvals:decide", "audit:read"];

export async function keys(main, { query }) {
  main.append(h("h1", { text: "API keys" }));
  const name = h("input", { type: "text", name: "name", maxlength: "255", autocomplete: "off" });
  const boxes = SCOPES.map((s) => {
    const box = h("input", { type: "checkbox", id: newId(), value: s });
    return h("span", { class: "choice" }, box, h("label", { for: box.id }, h("code", { text: s })));
  });
  const created = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "card", novalidate: true, onsubmit: create },
    h("h2", { text: "Create a key" }),
    field("Name", name, { path: "name" }),
    h("fieldset", { class: "field", "data-path": "scopes" }, h("legend", { text: "Scopes" }), h("div", { class: "choices" }, boxes),
      h("p", { class: "field-error", hidden: true })),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: "Create key" })), created);
  const list = h("div", { id: "key-list" }, status("Loading keys…"));
  main.append(form, h("h2", { text: "Keys" }), list);
  const cursor = query.get("cursor") || "";
  const previous = readStack(query);

  async function create(event) {
    event.preventDefault();
    const scopes = boxes.map((b) => b.querySelector("input")).filter((b) => b.checked).map((b) => b.value);
    replace(created, status("Creating…"));
    try {
      const key = (await api("POST", "/v1/api-keys", { body: { name: name.value, scopes } })).data;
      showFieldErrors(form, []);
      const secret = h("input", { type: "text", readonly: true, value: key.key, id: newId("secret"), spellcheck: "false", class: "code" });
      const copied = h("span", { role: "status", class: "muted" });
      replace(created, h("div", { class: "state ok secret" },
        h("p", {}, h("strong", { text: "Copy the key now: " }), "it is shown only this once and cannot be read back."),
        field(`Key for ${key.name}`, secret),
        button("Copy key", async () => {
          try { await navigator.clipboard.writeText(key.key); copied.textContent = "Copied."; } catch {
            secret.select(); copied.textContent = "Select and copy it (the clipboard is not available here).";
          }
        }), copied));
      name.value = "";
      load();
    } catch (error) {
      if (error.status === 422) showFieldErrors(form, error.details);
      replace(created, errorBox(error));
    }
  }

  async function load() {
    try {
      const page = await get("/v1/api-keys", { cursor, limit: 25 });
      const rows = (page.items || []).map((k) => [k.name, h("code", { text: k.prefix ?? "" }), (k.scopes || []).join(", "),
        when(k.created_at), k.revoked_at ? ["revoked ", when(k.revoked_at)] : "active", k.revoked_at ? "—" : revoke(k)]);
      replace(list, rows.length ? tableWrap("API keys", table(["Name", "Prefix", "Scopes", "Created", "State", "Revoke"], rows)) : empty("No keys."),
        pager({ cursor, nextCursor: page.next_cursor, previous, label: "Key pages",
          onPage: (c, prev) => setQuery("/keys", { cursor: c, prev: writeStack(prev) }) }));
    } catch (error) {
      replace(list, errorBox(error));
    }
  }

  // Two steps, no dialog: the first press asks, the second revokes.
  function revoke(k) {
    const slot = h("span", {});
    const ask = button(`Revoke ${k.name}`, () => {
      replace(slot, h("span", { class: "muted", text: "Revoke at once? " }),
        button("Yes, revoke", async (e) => {
          e.currentTarget.disabled = true;
          try { await api("DELETE", `/v1/api-keys/${encodeURIComponent(k.id)}`); load(); } catch (error) { replace(slot, errorBox(error)); }
        }, { class: "danger" }),
        button("Cancel", () => replace(slot, ask)));
      slot.querySelector("button").focus();
    }, { class: "danger" });
    slot.append(ask);
    return slot;
  }

  await load();
}
