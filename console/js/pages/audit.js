import { get } from "../api.js";
import { h, replace, status, errorBox, empty, when, table, tableWrap } from "../dom.js";
import { setQuery } from "../app.js";
import { pager, readStack, writeStack } from "../pager.js";

export async function audit(main, { query }) {
  main.append(h("h1", { text: "Audit log" }));
  const badgeSlot = h("div", { id: "chain", "aria-live": "polite" }, status("Verifying the hash chain…"));
  const results = h("div", {}, status("Loading audit entries…"));
  main.append(badgeSlot, results);
  const cursor = query.get("cursor") || "";
  const previous = readStack(query);
  const verify = get("/v1/audit/verify").then((v) => {
    replace(badgeSlot, v.valid
      ? h("p", { class: "badge big v-valid", role: "status", text: `✓ Chain verified: ${v.entries} entries, none altered` })
      : h("p", { class: "badge big v-invalid", role: "alert", text: `✗ Chain broken: ${v.entries} entries; first bad entry ${v.first_bad}` }));
  }, (error) => replace(badgeSlot, errorBox(error)));
  try {
    const page = await get("/v1/audit", { cursor, limit: 25 });
    const rows = (page.items || []).map((e) => [
      String(e.seq), when(e.at), e.actor, e.action, `${e.resource_type} ${e.resource_id ?? ""}`,
      e.before_version == null && e.after_version == null ? "—" : `${e.before_version ?? "—"} → ${e.after_version ?? "—"}`,
      h("code", { title: e.hash, text: String(e.hash || "").slice(0, 12) }),
    ]);
    replace(results,
      rows.length ? tableWrap("Audit entries", table(["Seq", "At", "Actor", "Action", "Resource", "Versions", "Hash"], rows)) : empty("No audit entries yet."),
      pager({ cursor, nextCursor: page.next_cursor, previous, label: "Audit pages",
        onPage: (c, prev) => setQuery("/audit", { cursor: c, prev: writeStack(prev) }) }));
  } catch (error) {
    replace(results, errorBox(error));
  }
  await verify;
}
