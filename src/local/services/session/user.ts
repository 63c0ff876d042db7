import type { Kernel } from '../../kernel/kernel';
import type { Implements } from '../../kernel/implements';

/** Session.getActiveUser(), Spreadsheet.getOwner(), Protection.getEditors() ... */
export class LocalUser implements Implements<GoogleAppsScript.Base.User, 'getEmail' | 'getUserLoginId'> {
  constructor(
    private readonly kernel: Kernel,
    private readonly email: string,
  ) {}

  getEmail(): string {
    this.kernel.call('User', 'getEmail');
    return this.email;
  }

  /** Deprecated in Apps Script; returns the email. */
  getUserLoginId(): string {
    this.kernel.call('User', 'getUserLoginId');
    return this.email;
  }

  toString(): string {
    return this.email;
  }
}

/** An email from a User or a string argument (addEditor(emailOrUser)). */
export function emailOf(userOrEmail: unknown): string {
  if (typeof userOrEmail === 'string') return userOrEmail;
  if (userOrEmail instanceof LocalUser) return userOrEmail.toString();
  if (userOrEmail && typeof (userOrEmail as { getEmail?: unknown }).getEmail === 'function')
    return String((userOrEmail as { getEmail(): string }).getEmail());
  return String(userOrEmail);
}
