import { gasError } from '../../kernel/errors';
import type { FormData, ItemData } from './model';

export interface FormStoreState {
  seq: number;
  forms: FormData[];
}

/** Every form in the local Workspace, with id generation. Ids are deterministic (seeded by a counter). */
export class FormStore {
  private forms = new Map<string, FormData>();
  private seq = 0;

  private next(): number {
    return ++this.seq;
  }

  private token(prefix: string, n: number, len: number): string {
    // A deterministic, id-looking string (base62 of a mixed counter).
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
    let x = BigInt(n) * 6364136223846793005n + 1442695040888963407n;
    let s = '';
    while (s.length < len) {
      x = (x * 6364136223846793005n + 1442695040888963407n) % (1n << 64n);
      s += alphabet[Number(x % 62n)];
    }
    return prefix + s;
  }

  newFormIds(): { id: string; publishedId: string } {
    const n = this.next();
    return { id: this.token('1F', n, 42), publishedId: this.token('1FAIpQLS', n, 48) };
  }

  /** Item ids are stable, positive, 9-10 digit integers, like Apps Script's. */
  newItemId(): number {
    return 1_000_000_000 + this.next() * 7_919;
  }

  newResponseId(): string {
    return this.token('2_ABaOnu', this.next(), 60);
  }

  newEditToken(): string {
    return this.token('2_ABaOnud', this.next(), 40);
  }

  add(form: FormData): FormData {
    this.forms.set(form.id, form);
    return form;
  }

  find(id: string): FormData | undefined {
    return this.forms.get(id);
  }

  /** The form, or Apps Script's error for a missing document. */
  get(id: string): FormData {
    const f = this.forms.get(id);
    if (!f) throw gasError(`No item with the given ID could be found, or you do not have permission to access it.`);
    return f;
  }

  byUrl(url: string): FormData | undefined {
    const m = /\/forms\/d\/(e\/)?([A-Za-z0-9_-]+)/.exec(url);
    if (!m) return undefined;
    const key = m[2] as string;
    if (m[1]) return [...this.forms.values()].find((f) => f.publishedId === key);
    return this.forms.get(key);
  }

  all(): FormData[] {
    return [...this.forms.values()];
  }

  item(form: FormData, itemId: number): ItemData {
    const it = form.items.find((i) => i.id === itemId);
    if (!it) throw gasError('Item has been deleted.');
    return it;
  }

  toJSON(): FormStoreState {
    return { seq: this.seq, forms: structuredClone(this.all()) };
  }

  restore(state: FormStoreState): void {
    this.seq = state.seq;
    this.forms = new Map(structuredClone(state.forms).map((f) => [f.id, f]));
  }
}

export function editUrl(f: FormData): string {
  return `https://docs.google.com/forms/d/${f.id}/edit`;
}

export function publishedUrl(f: FormData): string {
  return `https://docs.google.com/forms/d/e/${f.publishedId}/viewform`;
}

export function editResponseUrl(f: FormData, editToken: string): string {
  return `https://docs.google.com/forms/d/e/${f.publishedId}/viewform?edit2=${editToken}`;
}
