// Line diff by longest common subsequence, paired into side-by-side rows.
// Policies are small (hundreds of lines); above MAX lines each side the diff falls back to
// pairing lines by position, so the cost stays bounded.
const MAX = 2000;

export function lineDiff(left, right) {
  if (left.length > MAX || right.length > MAX) return byPosition(left, right);
  const n = left.length, m = right.length;
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      lcs[i][j] = left[i] === right[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
    }
  }
  const ops = [];
  let i = 0, j = 0;
  while (i < n || j < m) {
    if (i < n && j < m && left[i] === right[j]) { ops.push({ kind: "same", i, j }); i++; j++; }
    else if (j < m && (i === n || lcs[i][j + 1] >= lcs[i + 1][j])) { ops.push({ kind: "added", j }); j++; }
    else { ops.push({ kind: "removed", i }); i++; }
  }
  // Pair a run of removals with the run of additions that follows it: "changed" rows.
  const rows = [];
  for (let k = 0; k < ops.length;) {
    if (ops[k].kind === "same") {
      rows.push(row("same", ops[k].i, ops[k].j));
      k++;
      continue;
    }
    const removed = [], added = [];
    while (k < ops.length && ops[k].kind !== "same") {
      (ops[k].kind === "removed" ? removed : added).push(ops[k]);
      k++;
    }
    for (let p = 0; p < Math.max(removed.length, added.length); p++) {
      const r = removed[p], a = added[p];
      rows.push(row(r && a ? "changed" : r ? "removed" : "added", r ? r.i : null, a ? a.j : null));
    }
  }
  return rows;

  function row(kind, li, rj) {
    return { kind, left: li == null ? null : left[li], right: rj == null ? null : right[rj], leftNo: li == null ? null : li + 1, rightNo: rj == null ? null : rj + 1 };
  }
}

function byPosition(left, right) {
  const rows = [];
  for (let k = 0; k < Math.max(left.length, right.length); k++) {
    const l = left[k] ?? null, r = right[k] ?? null;
    const kind = l === r ? "same" : l == null ? "added" : r == null ? "removed" : "changed";
    rows.push({ kind, left: l, right: r, leftNo: l == null ? null : k + 1, rightNo: r == null ? null : k + 1 });
  }
  return rows;
}
