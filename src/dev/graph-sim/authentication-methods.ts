import type { PhoneType } from '../../rollout/directory';
import type { PerUserMfaState, SeedUser } from './tenant-schema';

export interface SimPhone {
  phoneType: PhoneType;
  phoneNumber: string;
  smsSignInState: string;
}

const PHONE_ORDER: readonly PhoneType[] = ['mobile', 'alternateMobile', 'office'];

/** Only a primary mobile can be used for SMS sign-in; our tenant's policy does not enable it. */
function defaultSmsSignInState(type: PhoneType): string {
  return type === 'mobile' ? 'notEnabled' : 'notSupported';
}

/**
 * Each user's authentication methods: phones, the other registered methods, the per-user MFA state
 * (beta), and when the methods last changed. Keyed by the lower-cased user id; whether the user
 * exists is the caller's question.
 */
export class AuthenticationMethods {
  /** Only users with phones/methods have an entry: 100,000 empty Maps and Sets would dominate loading. */
  private readonly phones = new Map<string, SimPhone[]>();
  private readonly methods = new Map<string, readonly string[]>();
  private readonly mfaStates = new Map<string, PerUserMfaState>();
  private readonly updatedAt = new Map<string, string>();
  /** Users whose mobile is enabled for SMS sign-in: few, so a uniqueness check scans only these. */
  private readonly smsSignIn = new Set<string>();

  clear(): void {
    for (const map of [this.phones, this.methods, this.mfaStates, this.updatedAt]) map.clear();
    this.smsSignIn.clear();
  }

  /** A seeded user's methods, last changed at `updatedAt`. */
  seed(
    userId: string,
    seed: Pick<SeedUser, 'phoneMethods' | 'registeredMethods' | 'perUserMfaState'>,
    updatedAt: string,
  ): void {
    const key = userId.toLowerCase();
    const { phoneMethods, registeredMethods, perUserMfaState } = seed;
    if (phoneMethods.length) {
      this.phones.set(
        key,
        phoneMethods.map((phone) => ({ ...phone, smsSignInState: defaultSmsSignInState(phone.phoneType) })),
      );
    }
    if (registeredMethods.length) this.methods.set(key, [...registeredMethods]);
    if (perUserMfaState !== 'disabled') this.mfaStates.set(key, perUserMfaState);
    this.updatedAt.set(key, updatedAt);
  }

  /** A deleted user's methods go with them. */
  forget(userId: string): void {
    const key = userId.toLowerCase();
    this.phones.delete(key);
    this.methods.delete(key);
    this.mfaStates.delete(key);
    this.updatedAt.delete(key);
    this.smsSignIn.delete(key);
  }

  phonesOf(userId: string): SimPhone[] {
    const phones = this.phones.get(userId.toLowerCase());
    if (!phones) return [];
    return PHONE_ORDER.flatMap((type) => phones.filter((phone) => phone.phoneType === type));
  }

  phoneOf(userId: string, type: PhoneType): SimPhone | undefined {
    return this.phones.get(userId.toLowerCase())?.find((phone) => phone.phoneType === type);
  }

  /** Stores the number as given: validation belongs to the API layer, seeds may be malformed. */
  setPhone(userId: string, type: PhoneType, phoneNumber: string): SimPhone {
    const key = userId.toLowerCase();
    const others = (this.phones.get(key) ?? []).filter((phone) => phone.phoneType !== type);
    const existing = this.phoneOf(key, type);
    const phone: SimPhone = existing
      ? { ...existing, phoneNumber }
      : { phoneType: type, phoneNumber, smsSignInState: defaultSmsSignInState(type) };
    this.phones.set(key, [...others, phone]);
    this.touch(key);
    return phone;
  }

  deletePhone(userId: string, type: PhoneType): boolean {
    const key = userId.toLowerCase();
    const phones = this.phones.get(key) ?? [];
    const kept = phones.filter((phone) => phone.phoneType !== type);
    if (kept.length === phones.length) return false;
    if (type === 'mobile') this.smsSignIn.delete(key);
    this.phones.set(key, kept);
    this.touch(key);
    return true;
  }

  /** enableSmsSignIn / disableSmsSignIn on the user's mobile (the caller checked there is one). */
  setSmsSignIn(userId: string, enabled: boolean): void {
    const key = userId.toLowerCase();
    const mobile = this.phoneOf(key, 'mobile');
    if (!mobile) return;
    mobile.smsSignInState = enabled ? 'ready' : 'notEnabled';
    if (enabled) this.smsSignIn.add(key);
    else this.smsSignIn.delete(key);
  }

  /** Another user who signs in by SMS with this number, if any (SMS sign-in numbers are unique). */
  smsSignInHolder(phoneNumber: string, exceptUserId: string): string | undefined {
    const except = exceptUserId.toLowerCase();
    for (const key of this.smsSignIn) {
      if (key !== except && this.phoneOf(key, 'mobile')?.phoneNumber === phoneNumber) return key;
    }
    return undefined;
  }

  /** Registered methods other than phones (Authenticator, passkeys, ...). */
  registeredMethodsOf(userId: string): string[] {
    return [...(this.methods.get(userId.toLowerCase()) ?? [])];
  }

  setRegisteredMethods(userId: string, methods: readonly string[]): void {
    const key = userId.toLowerCase();
    this.methods.set(key, [...new Set(methods)]);
    this.touch(key);
  }

  lastUpdated(userId: string): string {
    return this.updatedAt.get(userId.toLowerCase()) ?? new Date(0).toISOString();
  }

  perUserMfaState(userId: string): PerUserMfaState {
    return this.mfaStates.get(userId.toLowerCase()) ?? 'disabled';
  }

  setPerUserMfaState(userId: string, state: PerUserMfaState): void {
    this.mfaStates.set(userId.toLowerCase(), state);
  }

  private touch(key: string): void {
    this.updatedAt.set(key, new Date().toISOString());
  }
}
