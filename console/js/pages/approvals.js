import { api, get, settings } from "../api.js";
import { h, replace, status, errorBox, empty, badge, when, duration, newId, button } from "../dom.js";
import { can, onLeave, setQuery } from "../app.js";
import { pager, readStack, writeStack } from "../pager.js";

const TABS = [["pending", "Pending"], ["expired", "Expired"], ["approved", "Approved"], ["rejected", "Rejected"]];

export async function approvals(main, { query }) {
  const refreshMs = settings.approvalsRefreshMs; // config.json's approvals_refresh_ms, 10 s by default
  const tab = TABS.some(([t]) => t === query.get("status")) ? query.get("status") : "pending";
  const cursor = query.get("cursor") || "";
  const previous = readStack(query);
  main.append(h("h1", { text: "Approvals" }));
  const tabs = h("nav", { class: "tabs", "aria-label": "Approval status" },
    TABS.map(([value, label]) => h("a", {
      href: `#/approvals?status=${value}`, text: label, "aria-current": value === tab ? "page" : null,
    })));
  const list = h("section", { id: "approval-list", "aria-label": `${tab} approvals` });
  const live = h("p", { class: "muted", "aria-live": "polite" });
  main.append(tabs, live, list);
  list.append(status("Loading approvals…"));

  const open = new Set(); // items whose comment box has focus or text: not replaced by a refresh
  async function load(quiet) {
    // A refresh never pulls the list from under a reviewer who is writing a comment.
    if (quiet && list.contains(document.activeElement) && document.activeElement.tagName === "TEXTAREA") return;
    try {
      const page = await get("/v1/approvals", { status: tab, cursor, limit: 20 });
      render(page);
      live.textContent = tab === "pending" ? `Refreshes itself every ${refreshMs / 1000} s. Last: ${new Date().toLocaleTimeString()}` : "";
    } catch (error) {
      if (!quiet) replace(list, errorBox(error));
      else live.textContent = `Refresh failed: ${error.message}`;
    }
  }

  function render(page) {
    const items = page.items || [];
    const existing = new Map([...list.querySelectorAll("[data-approval]")].map((el) => [el.dataset.approval, el]));
    const cards = items.map((item) => (open.has(item.id) && existing.get(item.id)) || card(item));
    replace(list, items.length ? h("ul", { class: "cards" }, cards) : empty(`No ${tab} approvals.`),
      pager({
        cursor, nextCursor: page.next_cursor, previous,
        onPage: (c, prev) => setQuery("/approvals", { status: tab, cursor: c, prev: writeStack(prev) }),
        label: "Approval pages",
      }));
  }

  function card(item) {
    const summary = item.request_summary || {};
    const now = Date.now();
    const created = Date.parse(item.created_at);
    const expires = Date.parse(item.expires_at);
    const facts = h("dl", { class: "facts" },
      h("dt", { text: "Status" }), h("dd", {}, badge(item.status)),
      h("dt", { text: "Age" }), h("dd", { text: `${duration(now - created)} (since ` }, when(item.created_at), ")"),
      h("dt", { text: expires > now ? "Expires in" : "Expired" }),
      h("dd", { text: expires > now ? `${duration(expires - now)} (at ` : `${duration(now - expires)} ago (at ` }, when(item.expires_at), ")"),
      h("dt", { text: "Verdict held" }), h("dd", {}, badge(summary.verdict), " risk ", badge(summary.risk_level)),
      h("dt", { text: "Model" }), h("dd", { text: summary.model ?? "—" }),
      h("dt", { text: "Environment" }), h("dd", { text: summary.environment ?? "—" }),
      h("dt", { text: "End user" }), h("dd", { text: summary.end_user_id ?? "—" }),
      h("dt", { text: "Cost" }), h("dd", { text: summary.cost_usd == null ? "—" : `${summary.cost_usd} USD` }),
      h("dt", { text: "Size" }), h("dd", { text: `${summary.prompt_chars ?? 0} prompt characters, ${summary.message_count ?? 0} messages` }),
      h("dt", { text: "Requested by" }), h("dd", { text: item.requested_by ?? "—" }),
      item.reviewer ? [h("dt", { text: "Reviewer" }), h("dd", { text: item.reviewer })] : null,
      item.comment ? [h("dt", { text: "Comment" }), h("dd", { class: "pre", text: item.comment })] : null,
      item.decided_at ? [h("dt", { text: "Decided" }), h("dd", {}, when(item.decided_at))] : null);
    const policyRef = (id, name) => (can("policies:read")
      ? h("a", { href: `#/policies/${encodeURIComponent(id)}`, text: name || id }) : h("span", { text: name || id }));
    const held = (summary.violations || []).map((v) => h("li", {},
      policyRef(v.policy_id, v.policy_name),
      ` — ${v.rule_type}, `, badge(v.action), " ", badge(v.severity), v.message ? ` ${v.message}` : ""));
    const policies = held.length ? held : (item.policy_ids || []).map((id) => h("li", {}, policyRef(id)));
    const title = `${summary.model ?? "request"} held by ${(summary.violations || []).map((v) => v.policy_name).filter(Boolean).join(", ") || "policy"}`;
    const headingId = newId("appr");
    const el = h("li", { class: "card", "data-approval": item.id, "aria-labelledby": headingId },
      h("h2", { id: headingId, class: "card-title", text: title }),
      h("p", { class: "muted" }, "Approval ", h("code", { text: item.id }),
        can("audit:read") && item.decision_id ? [" · ", h("a", { href: `#/decisions/${encodeURIComponent(item.decision_id)}`, text: "decision" })] : null),
      facts, h("h3", { text: "Held by" }), h("ul", { class: "held" }, policies));
    if (item.status === "pending" && can("approvals:decide")) el.append(decideForm(item));
    return el;
  }

  function decideForm(item) {
    const comment = h("textarea", { id: newId("comment"), rows: "2", maxlength: "2000", name: "comment" });
    comment.addEventListener("input", () => (comment.value ? open.add(item.id) : open.delete(item.id)));
    const out = h("div", { "aria-live": "polite" });
    async function decide(verb) {
      for (const b of form.querySelectorAll("button")) b.disabled = true;
      replace(out, status(verb === "approve" ? "Approving…" : "Rejecting…"));
      try {
        await api("POST", `/v1/approvals/${encodeURIComponent(item.id)}/${verb}`, { body: { comment: comment.value } });
        open.delete(item.id);
        const cardEl = form.closest("[data-approval]");
        live.textContent = `${verb === "approve" ? "Approved" : "Rejected"} ${item.id}.`;
        cardEl.remove();
        if (!list.querySelector("[data-approval]")) load(true);
      } catch (error) {
        for (const b of form.querySelectorAll("button")) b.disabled = false;
        replace(out, errorBox(error.status === 409 ? new Error("Already decided or expired; the list is refreshed.") : error));
        if (error.status === 409) { open.delete(item.id); setTimeout(() => load(true), 1500); }
      }
    }
    const form = h("div", { class: "decide" },
      h("label", { for: comment.id, text: "Comment (optional)" }), comment,
      h("div", { class: "actions" },
        button("Approve", () => decide("approve"), { class: "primary" }),
        button("Reject", () => decide("reject"), { class: "danger" })),
      out);
    return form;
  }

  await load(false);
  if (tab === "pending") {
    const timer = setInterval(() => load(true), refreshMs);
    onLeave(() => clearInterval(timer));
  }
}
