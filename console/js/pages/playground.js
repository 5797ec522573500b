import { api, get } from "../api.js";
import { h, replace, status, errorBox, badge, field, select, showFieldErrors, empty } from "../dom.js";
import { can } from "../app.js";
import { violationList } from "./violations.js";

export async function playground(main) {
  main.append(h("h1", { text: "Playground" }),
    h("p", { class: "hint", text: "Evaluates a request without side effects: against the whole org with dry_run (nothing stored, no approval opened), or against one policy." }));
  const choices = [["", "The whole org (dry run)"]];
  if (can("policies:read")) {
    try {
      const page = await get("/v1/policies", { limit: 100 });
      for (const p of page.items || []) choices.push([p.id, `${p.name} (v${p.version}${p.enabled ? "" : ", disabled"})`]);
    } catch (error) {
      main.append(errorBox(error));
    }
  }
  const target = select(choices, "", { name: "target" });
  const mode = select([["prompt", "A prompt"], ["messages", "Messages (JSON)"]], "prompt", { name: "mode" });
  const prompt = h("textarea", { rows: "6", name: "prompt", spellcheck: "false" });
  const messages = h("textarea", { rows: "6", name: "messages", class: "code", spellcheck: "false",
    value: JSON.stringify([{ role: "system", content: "You are helpful." }, { role: "user", content: "" }], null, 2) });
  const model = h("input", { type: "text", name: "model", value: "gpt-4o", spellcheck: "false" });
  const environment = h("input", { type: "text", name: "environment" });
  const endUser = h("input", { type: "text", name: "end_user_id" });
  const maxTokens = h("input", { type: "number", name: "max_tokens", min: "1", step: "1" });
  const cost = h("input", { type: "number", name: "cost_usd", min: "0", step: "any" });
  const response = h("textarea", { rows: "3", name: "response", spellcheck: "false" });
  const promptField = field("Prompt", prompt, { path: "prompt" });
  const messagesField = field("Messages", messages, { path: "messages" });
  messagesField.hidden = true;
  mode.addEventListener("change", () => { promptField.hidden = mode.value !== "prompt"; messagesField.hidden = mode.value === "prompt"; });
  const out = h("div", { id: "play-result", "aria-live": "polite" });
  const form = h("form", { class: "editor", novalidate: true, onsubmit: run },
    h("div", { class: "grid" }, field("Evaluate against", target), field("Input", mode), field("Model (required)", model, { path: "model" }),
      field("Environment", environment, { path: "environment" }), field("End user id", endUser, { path: "end_user_id" }),
      field("Max tokens", maxTokens, { path: "max_tokens" }), field("Cost (USD)", cost, { path: "cost_usd" })),
    promptField, messagesField, field("Response (optional, response-stage rules)", response, { path: "response" }),
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: "Evaluate" })));
  main.append(form, out);

  async function run(event) {
    event.preventDefault();
    const body = { model: model.value.trim(), dry_run: true };
    if (mode.value === "prompt") body.prompt = prompt.value;
    else {
      try { body.messages = JSON.parse(messages.value); } catch (e) { replace(out, errorBox(new Error(`Messages are not valid JSON: ${e.message}`))); return; }
    }
    if (environment.value.trim()) body.environment = environment.value.trim();
    if (endUser.value.trim()) body.end_user_id = endUser.value.trim();
    if (maxTokens.value) body.max_tokens = Number(maxTokens.value);
    if (cost.value) body.cost_usd = Number(cost.value);
    if (response.value) body.response = response.value;
    replace(out, status("Evaluating…"));
    try {
      const path = target.value ? `/v1/policies/${encodeURIComponent(target.value)}/evaluate` : "/v1/evaluate";
      const decision = (await api("POST", path, { body })).data;
      showFieldErrors(form, []);
      replace(out, result(body, decision));
    } catch (error) {
      if (error.status === 422) showFieldErrors(form, error.details);
      replace(out, errorBox(error));
    }
  }
}

function result(request, decision) {
  return h("section", { class: "card", "aria-labelledby": "play-verdict" },
    h("h2", { id: "play-verdict" }, "Verdict: ", badge(decision.verdict)),
    h("p", {}, "Risk ", badge(decision.risk_level), ` · ${decision.evaluated_policies} policies evaluated · ${decision.latency_ms} ms`),
    h("h3", { text: "Violations" }), violationList(decision.violations || []),
    h("h3", { text: "Request after the policies" }),
    decision.modified_request ? redactedView(request, decision) : empty("Nothing was rewritten."));
}

// The rewritten text with each redaction marked: found from the redact violations' spans in
// the original text, the unchanged text between them locating each replacement.
function redactedView(request, decision) {
  const modified = decision.modified_request;
  const redactions = (decision.violations || []).filter((v) => v.action === "redact").flatMap((v) => v.matches || []);
  const blocks = [];
  if (typeof modified.prompt === "string") blocks.push(["prompt", request.prompt ?? "", modified.prompt]);
  (modified.messages || []).forEach((m, i) => {
    const original = request.messages && request.messages[i] ? request.messages[i].content : null;
    blocks.push([`messages[${i}] (${m.role})`, original, m.content, `messages[${i}]`]);
  });
  const parts = blocks.map(([title, original, rewritten, target]) => {
    const spans = redactions.filter((s) => s.target === (target || "prompt"));
    const marked = original == null ? null : highlight(original, rewritten, spans);
    return h("div", { class: "redacted" }, h("h4", { text: title }),
      h("pre", { class: "text" }, marked || rewritten),
      marked ? null : h("p", { class: "hint", text: spans.length ? "Rewritten (spans could not be located)." : "" }));
  });
  if (modified.max_tokens != null) parts.push(h("p", { text: `max_tokens: ${modified.max_tokens}` }));
  parts.push(h("p", { class: "hint" }, "Redactions are marked ", h("mark", { text: "like this" }), " and bracketed by ⟦ ⟧."));
  return h("div", { id: "redacted-request" }, parts);
}

function highlight(original, rewritten, spans) {
  const cp = [...original];
  const merged = [];
  for (const s of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && s.start <= last.end) last.end = Math.max(last.end, s.end);
    else merged.push({ start: s.start, end: s.end });
  }
  if (!merged.length) return null;
  const out = [];
  let pos = 0, prev = 0;
  for (let k = 0; k < merged.length; k++) {
    const { start, end } = merged[k];
    const before = cp.slice(prev, start).join("");
    if (!rewritten.startsWith(before, pos)) return null;
    if (before) out.push(before);
    pos += before.length;
    const next = k + 1 < merged.length ? cp.slice(end, merged[k + 1].start).join("") : cp.slice(end).join("");
    const stop = k + 1 < merged.length ? rewritten.indexOf(next, pos) : rewritten.length - next.length;
    if (stop < pos || (k + 1 === merged.length && !rewritten.endsWith(next))) return null;
    out.push(h("mark", { text: `⟦${rewritten.slice(pos, stop)}⟧` }));
    pos = stop;
    prev = end;
  }
  out.push(rewritten.slice(pos));
  return out;
}
