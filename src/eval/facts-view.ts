import type { DocRecord, EntityRef, Fact } from '../doc/types.js';

/** a fact as gold files store it: entity references by text (ids change when entities do), evidence as [start, end] */
export interface FactView {
  type: string;
  actor: string | null;
  role: string | null;
  position: string | null;
  event: string | null;
  date: string | null;
  location: string | null;
  mode: Fact['mode'];
  counterpart?: string | null;
  evidence: [number, number];
  rule: string;
}

export function factView(f: Fact, _rec?: DocRecord): FactView {
  const v: FactView = {
    type: f.type,
    actor: f.actor?.text ?? null,
    role: f.role,
    position: f.position,
    event: f.event?.text ?? null,
    date: f.date,
    location: f.location,
    mode: f.mode,
    evidence: [f.evidence.start, f.evidence.end],
    rule: f.rule,
  };
  if (f.counterpart !== undefined) v.counterpart = (f.counterpart as EntityRef | null)?.text ?? null;
  return v;
}
