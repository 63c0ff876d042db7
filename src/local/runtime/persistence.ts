/**
 * Workspace state that survives a playground restart. Each service family registers a part with its own
 * toJSON/restore; `ws.persistence.toJSON()` is plain JSON (Dates are tagged inside the parts).
 */
export interface PersistentPart {
  toJSON(): unknown;
  restore(json: unknown): void;
}

export class Persistence {
  private readonly parts = new Map<string, PersistentPart>();

  register(name: string, part: PersistentPart): void {
    this.parts.set(name, part);
  }

  names(): string[] {
    return [...this.parts.keys()];
  }

  toJSON(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [name, part] of this.parts) out[name] = part.toJSON();
    return out;
  }

  /** Restores the parts present in json (others keep their state). */
  restore(json: Record<string, unknown>): void {
    for (const [name, part] of this.parts) if (name in json) part.restore(json[name]);
  }
}
