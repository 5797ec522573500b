import { api } from "../api.js";
import { h, replace, status, errorBox, field, checkbox, select, button, showFieldErrors, empty, newId } from "../dom.js";
import { can } from "../app.js";

const LEVELS = ["minimal", "standard", "full", "paranoid"];
const SEVERITIES = ["low", "medium", "high", "critical"];

export async function orgPolicy(main) {
  main.append(h("h1", { text: "Org policy" }));
  const body = h("div", {}, status("Loading the org policy…"));
  main.append(body);
  let doc;
  try {
    doc = (await api("GET", "/v1/org/policy")).data;
  } catch (error) {
    replace(body, errorBox(error));
    return;
  }
  const admin = can("admin");
  const level = select(LEVELS, doc.logging_level, { name: "logging_level" });
  const frameworks = Object.keys(doc.frameworks || {}).map((name) => ({ name, el: checkbox(name.toUpperCase().replace("_", " "), doc.frameworks[name], { path: `frameworks.${name}` }) }));
  const blocking = checkbox("Blocking rules enabled", doc.blocking_rules.enabled, { path: "blocking_rules.enabled" });
  const blockOn = select(["medium", "high", "critical"], doc.blocking_rules.block_on, { name: "block_on" });
  const ttl = h("input", { type: "number", name: "approval_ttl_seconds", min: "60", max: "604800", step: "1", value: doc.approval_ttl_seconds });
  const retention = h("input", { type: "number", name: "retention_days", min: "1", max: "3650", step: "1", value: doc.retention_days });
  const failMode = select(["closed", "open"], doc.fail_mode, { name: "fail_mode" });
  const rulesList = h("ol", { class: "rules" });
  let rules = (doc.alert_rules || []).map((r) => ({ ...r }));

  function readRules() { return [...rulesList.children].map((li) => li.readRule()); }
  function renderRules() {
    replace(rulesList, rules.length ? rules.map((r, i) => alertRule(r, i, () => { rules = readRules(); rules.splice(i, 1); renderRules(); })) : null);
  }
  renderRules();
  const out = h("div", { "aria-live": "polite" });
  const form = h("form", { class: "editor", novalidate: true, onsubmit: save },
    h("fieldset", {}, h("legend", { text: "Logging and retention" }),
      h("div", { class: "grid" }, field("Logging level", level, { path: "logging_level", hint: "minimal: PII only; standard: medium risk or PII; full: all; paranoid: all, blocking forced on." }),
        field("Retention (days)", retention, { path: "retention_days" }),
        field("Approval TTL (seconds)", ttl, { path: "approval_ttl_seconds" }),
        field("Fail mode", failMode, { path: "fail_mode", hint: "closed: block when the store cannot be read; open: allow." }))),
    h("fieldset", { "data-path": "frameworks" }, h("legend", { text: "Compliance frameworks" }), frameworks.map((f) => f.el), h("p", { class: "field-error", hidden: true })),
    h("fieldset", {}, h("legend", { text: "Blocking rules" }), blocking, field("Block at or above", blockOn, { path: "blocking_rules.block_on" })),
    h("fieldset", { "data-path": "alert_rules" }, h("legend", { text: "Alert rules" }), rulesList,
      rules.length ? null : empty("No alert rules."),
      admin ? button("Add alert rule", () => { rules = readRules(); rules.push({ name: "", condition: {}, notify: { slack_webhook_url: "" } }); renderRules(); }) : null,
      h("p", { class: "field-error", hidden: true })),
    admin ? h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: "Save org policy" })) : h("p", { class: "state notice", text: "Read only: saving needs the admin scope." }),
    out);
  replace(body, form);

  async function save(event) {
    event.preventDefault();
    const update = {
      logging_level: level.value,
      frameworks: Object.fromEntries(frameworks.map((f) => [f.name, f.el.querySelector("input").checked])),
      alert_rules: readRules(),
      blocking_rules: { enabled: blocking.querySelector("input").checked, block_on: blockOn.value },
      approval_ttl_seconds: Number(ttl.value), retention_days: Number(retention.value), fail_mode: failMode.value,
    };
    replace(out, status("Saving…"));
    try {
      const saved = (await api("PUT", "/v1/org/policy", { body: update })).data;
      showFieldErrors(form, []);
      rules = saved.alert_rules || [];
      renderRules();
      replace(out, h("p", { role: "status", class: "state ok", text: "Saved." }));
    } catch (error) {
      if (error.status === 422) showFieldErrors(form, error.details);
      replace(out, errorBox(error));
    }
  }
}

function alertRule(rule, index, onRemove) {
  const path = `alert_rules[${index}]`;
  const c = rule.condition || {};
  const name = h("input", { type: "text", value: rule.name || "", maxlength: "255" });
  const risk = select([["", "any"], ...SEVERITIES], c.risk_level_gte || "");
  const actionContains = h("input", { type: "text", value: c.action_contains || "" });
  const pii = select([["", "either"], ["true", "PII detected"], ["false", "no PII"]], c.pii_detected == null ? "" : String(c.pii_detected));
  const agent = h("input", { type: "text", value: c.agent_id_eq || "" });
  // The API returns webhook URLs masked (https://host/****abcd); sending the mask back keeps the stored URL.
  const url = h("input", { type: "text", value: (rule.notify && rule.notify.slack_webhook_url) || "", spellcheck: "false", autocomplete: "off" });
  const headingId = newId("rule");
  const li = h("li", { class: "card", "aria-labelledby": headingId },
    h("div", { class: "rule-head" }, h("h3", { id: headingId, class: "card-title", text: `Alert rule ${index + 1}` }),
      button(`Remove alert rule ${index + 1}`, onRemove, { class: "link danger" })),
    h("div", { class: "grid" },
      field("Name", name, { path: `${path}.name` }),
      field("Risk at least", risk, { path: `${path}.condition.risk_level_gte` }),
      field("Some action contains", actionContains, { path: `${path}.condition.action_contains` }),
      field("PII", pii, { path: `${path}.condition.pii_detected` }),
      field("metadata.agent_id equals", agent, { path: `${path}.condition.agent_id_eq` }),
      field("Slack webhook URL", url, { path: `${path}.notify`, hint: "Shown masked; leave it as is to keep the stored URL." })));
  li.readRule = () => {
    const condition = {};
    if (risk.value) condition.risk_level_gte = risk.value;
    if (actionContains.value.trim()) condition.action_contains = actionContains.value.trim();
    if (pii.value) condition.pii_detected = pii.value === "true";
    if (agent.value.trim()) condition.agent_id_eq = agent.value.trim();
    return { name: name.value, condition, notify: { slack_webhook_url: url.value.trim() } };
  };
  return li;
}
