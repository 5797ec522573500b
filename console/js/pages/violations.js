import { get } from "../api.js";
import { h, replace, status, errorBox, empty, badge, when, field, select, table, tableWrap } from "../dom.js";
import { setQuery } from "../app.js";
import { pager, readStack, writeStack } from "../pager.js";

const FILTERS = ["since", "until", "policy_id", "severity", "event_id"];

export async function violations(main, { query }) {
  main.append(h("h1", { text: "Violations" }));
  const values = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ""]));
  const since = h("input", { type: "datetime-local", name: "since", value: values.since, step: "1" });
  const until = h("input", { type: "datetime-local", name: "until", value: values.until, step: "1" });
  const policy = h("input", { type: "text", name: "policy_id", value: values.policy_id, spellcheck: "false", placeholder: "policy UUID" });
  const severity = select([["", "any"], "low", "medium", "high", "critical"], values.severity, { name: "severity" });
  const eventId = h("input", { type: "text", name: "event_id", value: values.event_id, spellcheck: "false" });
  const form = h("form", { class: "filters", onsubmit: (e) => {
    e.preventDefault();
    setQuery("/violations", { since: since.value, until: until.value, policy_id: policy.value.trim(), severity: severity.value, event_id: eventId.value.trim() });
  } },
  field("Since (UTC, inclusive)", since), field("Until (UTC, exclusive)", until), field("Policy id", policy),
  field("Risk at least", severity), field("Event id", eventId),
  h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: "Apply filters" }),
    h("a", { href: "#/violations", class: "button", text: "Clear" })));
  const results = h("div", { id: "violation-list" }, status("Loading violations…"));
  main.append(form, results);

  const cursor = query.get("cursor") || "";
  const previous = readStack(query);
  try {
    const page = await get("/v1/violations", { ...values, cursor, limit: 25 });
    const rows = (page.items || []).map((d) => [
      when(d.created_at),
      h("a", { href: `#/decisions/${encodeURIComponent(d.decision_id)}`, text: d.decision_id.slice(0, 8), "aria-label": `Decision ${d.decision_id}` }),
      badge(d.verdict), badge(d.risk_level),
      h("ul", { class: "plain" }, (d.violations || []).map((v) => h("li", {}, `${v.policy_name} (${v.rule_type}, ${v.action})`))),
      d.model ?? "—",
      d.enforced === false ? `detection only${d.event_id ? ` · event ${d.event_id}` : ""}` : "enforced",
    ]);
    replace(results,
      rows.length ? tableWrap("Violations", table(["When", "Decision", "Verdict", "Risk", "Violations", "Model", "Mode"], rows))
        : empty("No stored decision with violations matches these filters."),
      pager({ cursor, nextCursor: page.next_cursor, previous, label: "Violation pages",
        onPage: (c, prev) => setQuery("/violations", { ...values, cursor: c, prev: writeStack(prev) }) }));
  } catch (error) {
    replace(results, errorBox(error));
  }
}

export async function decision(main, { params }) {
  const [id] = params;
  main.append(h("h1", { text: "Decision" }), h("p", {}, h("a", { href: "#/violations", text: "← Violations" })));
  const body = h("div", {}, status("Loading the decision…"));
  main.append(body);
  let d;
  try {
    d = await get(`/v1/decisions/${encodeURIComponent(id)}`);
  } catch (error) {
    replace(body, errorBox(error.status === 404 ? new Error("No such decision in this organization.") : error));
    return;
  }
  const meta = d.metadata && typeof d.metadata === "object" ? Object.entries(d.metadata) : [];
  replace(body,
    h("dl", { class: "facts card" },
      h("dt", { text: "Decision id" }), h("dd", {}, h("code", { text: d.decision_id })),
      h("dt", { text: "Verdict" }), h("dd", { id: "decision-verdict" }, badge(d.verdict)),
      h("dt", { text: "Risk" }), h("dd", {}, badge(d.risk_level)),
      h("dt", { text: "When" }), h("dd", {}, when(d.created_at)),
      h("dt", { text: "Mode" }), h("dd", { text: d.enforced === false ? "detection only" : "enforced" }),
      d.event_id ? [h("dt", { text: "Event id" }), h("dd", { text: d.event_id })] : null,
      d.occurred_at ? [h("dt", { text: "Occurred" }), h("dd", {}, when(d.occurred_at))] : null,
      h("dt", { text: "Model" }), h("dd", { text: d.model ?? "—" }),
      h("dt", { text: "Environment" }), h("dd", { text: d.environment ?? "—" }),
      h("dt", { text: "End user" }), h("dd", { text: d.end_user_id ?? "—" }),
      h("dt", { text: "Connection" }), h("dd", { text: d.connection_id ?? "—" }),
      h("dt", { text: "Approval" }), h("dd", { text: d.approval ? `${d.approval.id} (${d.approval.status})` : "—" }),
      h("dt", { text: "Policies evaluated" }), h("dd", { text: String(d.evaluated_policies ?? "—") })),
    h("h2", { text: "Metadata" }),
    meta.length ? tableWrap("Metadata", table(["Key", "Value"], meta.map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)])))
      : empty("No metadata."),
    h("h2", { text: "Violations" }),
    violationList(d.violations || []));
}

// Violations with their spans as positions and kinds: matched text is never stored nor shown.
export function violationList(list) {
  if (!list.length) return empty("No violations.");
  return h("ol", { class: "cards" }, list.map((v) => h("li", { class: "card" },
    h("h3", { class: "card-title", text: v.policy_name || v.policy_id }),
    h("p", {}, badge(v.action), " ", badge(v.severity), ` ${v.rule_type}`, v.escalated ? " · escalated by blocking rules" : "",
      ` · policy version ${v.policy_version}`),
    v.message ? h("p", { class: "pre", text: v.message }) : null,
    (v.matches || []).length
      ? tableWrap("Spans", table(["Kind", "Target", "Start", "End"], v.matches.map((m) => [m.kind, m.target, String(m.start), String(m.end)]), "Spans (code-point offsets, end exclusive)"))
      : null)));
}
