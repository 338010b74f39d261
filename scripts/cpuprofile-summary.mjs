// Summaries of a V8 CPU profile (.cpuprofile, from `node --cpu-prof` or scripts/cpu-profile.mjs):
// the pure functions behind scripts/cpu-profile.mjs, tested in tests/cpuprofile-summary.test.ts.
// Times are milliseconds; a function is keyed "name file:line" (file shortened to what follows
// src/, dist/ or node_modules/).

/** a node's key: function name, shortened file, 1-based line */
export function frameKey(callFrame) {
  const file = callFrame.url.replace(/^.*\/(src|dist|node_modules)\//, '$1/').replace(/^file:\/\//, '');
  return `${callFrame.functionName || '(anonymous)'} ${file}:${callFrame.lineNumber + 1}`;
}

/** the profile indexed: nodes by id, parent ids, self ms per node id, total ms */
export function indexProfile(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + ms);
    total += ms;
  }
  return { byId, parent, self, total };
}

/** self time per function, largest first: [{ key, ms, share }] */
export function selfTimes(profile, top = 40) {
  const { byId, self, total } = indexProfile(profile);
  const by = new Map();
  for (const [id, ms] of self) {
    const key = frameKey(byId.get(id).callFrame);
    by.set(key, (by.get(key) ?? 0) + ms);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, ms]) => ({ key, ms, share: total ? ms / total : 0 }));
}

/**
 * Inclusive time of functions by name (a sample counts once per name, however deep the
 * recursion): [{ name, ms, share }] in the order given.
 */
export function inclusiveTimes(profile, names) {
  const { byId, parent, self, total } = indexProfile(profile);
  const want = new Set(names);
  const ms = new Map(names.map((n) => [n, 0]));
  for (const [id, t] of self) {
    const seen = new Set();
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const name = byId.get(x).callFrame.functionName;
      if (want.has(name) && !seen.has(name)) {
        seen.add(name);
        ms.set(name, ms.get(name) + t);
      }
    }
  }
  return names.map((name) => ({ name, ms: ms.get(name), share: total ? ms.get(name) / total : 0 }));
}

/** self time of everything that ran under a function (by name), per function: [{ key, ms }] */
export function timesUnder(profile, name, top = 20) {
  const { byId, self } = indexProfile(profile);
  const by = new Map();
  const walk = (id, inside) => {
    const n = byId.get(id);
    const now = inside || n.callFrame.functionName === name;
    if (now) {
      const key = frameKey(n.callFrame);
      by.set(key, (by.get(key) ?? 0) + (self.get(id) ?? 0));
    }
    for (const c of n.children ?? []) walk(c, now);
  };
  walk(profile.nodes[0].id, false);
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, ms]) => ({ key, ms }));
}

/**
 * Samples per source line of a function (V8's positionTicks; lines of code inlined into it may
 * carry its own file's numbers): [{ line, ticks, share }] by line.
 */
export function lineTicks(profile, name, fileIncludes = '') {
  const by = new Map();
  let all = 0;
  for (const n of profile.nodes) {
    if (n.callFrame.functionName !== name || !n.callFrame.url.includes(fileIncludes)) continue;
    for (const { line, ticks } of n.positionTicks ?? []) {
      by.set(line, (by.get(line) ?? 0) + ticks);
      all += ticks;
    }
  }
  return [...by].sort((a, b) => a[0] - b[0]).map(([line, ticks]) => ({ line, ticks, share: all ? ticks / all : 0 }));
}
