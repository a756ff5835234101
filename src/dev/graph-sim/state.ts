import type { PhoneType } from '../../rollout/directory';
import type { PerUserMfaState, SampleTenant, SeedGroup, SeedUser } from './tenant-schema';

/**
 * The simulator's in-memory tenant. Tests mutate it directly; the HTTP handlers go through the same
 * methods, so a test and the API can never disagree about what the tenant holds. Object ids are
 * case-insensitive in Graph, so every map is keyed by the lower-cased id.
 */
export interface SimUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  jobTitle?: string;
  department?: string;
  officeLocation?: string;
  usageLocation?: string;
  preferredLanguage?: string;
  accountEnabled: boolean;
  isAdmin: boolean;
  managerId?: string;
}

export interface SimPhone {
  phoneType: PhoneType;
  phoneNumber: string;
  smsSignInState: string;
}

export interface SimGroup {
  id: string;
  displayName: string;
  description?: string;
  mailNickname: string;
  /** Lower-cased ids of users and nested groups, in the order they were added. */
  members: Set<string>;
}

export type DirectoryObjectKind = 'user' | 'group';

const PHONE_ORDER: readonly PhoneType[] = ['mobile', 'alternateMobile', 'office'];

interface MemberCache {
  version: number;
  ids: string[];
  set: Set<string>;
}

export class TenantState {
  private seedTenantId = '';
  private seedDomain = '';

  private readonly users = new Map<string, SimUser>();
  private readonly upnIndex = new Map<string, string>();
  /** Creation order; removed users stay here and are skipped, so removal is O(1). */
  private readonly userOrder: string[] = [];
  private readonly groups = new Map<string, SimGroup>();
  /** Only users with phones/methods have an entry: 100,000 empty Maps and Sets would dominate loading. */
  private readonly phones = new Map<string, SimPhone[]>();
  private readonly methods = new Map<string, readonly string[]>();
  private readonly mfaStates = new Map<string, PerUserMfaState>();
  private readonly installedApps = new Map<string, Set<string>>();
  /** Apps an app permission policy keeps from a user: Graph refuses to install them (403). */
  private readonly blockedApps = new Map<string, Set<string>>();
  private readonly updatedAt = new Map<string, string>();

  /** Bumped by every membership change; member lists are cached per version so paging is O(page). */
  private membershipVersion = 0;
  private readonly transitiveCache = new Map<string, MemberCache>();
  private readonly directCache = new Map<string, MemberCache>();

  constructor(seed: SampleTenant) {
    this.load(seed);
  }

  get tenantId(): string {
    return this.seedTenantId;
  }

  get domain(): string {
    return this.seedDomain;
  }

  /** Replaces everything with the seed, in place, so references to this state stay valid across a reset. */
  load(seed: SampleTenant): void {
    for (const map of [
      this.users,
      this.upnIndex,
      this.groups,
      this.phones,
      this.methods,
      this.mfaStates,
      this.installedApps,
      this.blockedApps,
      this.updatedAt,
      this.transitiveCache,
      this.directCache,
    ]) {
      map.clear();
    }
    this.userOrder.length = 0;
    this.membershipVersion++;
    this.seedTenantId = seed.tenantId;
    this.seedDomain = seed.domain;
    // One timestamp for the whole seed: a Date per user is most of the cost of loading 100,000 users.
    const loadedAt = new Date().toISOString();
    for (const user of seed.users) this.addUser(user, loadedAt);
    for (const group of seed.groups) this.addGroup(group);
  }

  // ---- users -------------------------------------------------------------------------------

  addUser(seed: SeedUser, updatedAt: string = new Date().toISOString()): SimUser {
    const key = seed.id.toLowerCase();
    if (this.users.has(key)) throw new Error(`user ${seed.id} already exists`);
    const { phoneMethods, registeredMethods, perUserMfaState, notes: _notes, ...profile } = seed;
    const user: SimUser = { ...profile };
    this.users.set(key, user);
    this.upnIndex.set(seed.userPrincipalName.toLowerCase(), key);
    this.userOrder.push(key);
    if (phoneMethods.length) {
      this.phones.set(
        key,
        phoneMethods.map((phone) => ({ ...phone, smsSignInState: defaultSmsSignInState(phone.phoneType) })),
      );
    }
    if (registeredMethods.length) this.methods.set(key, [...registeredMethods]);
    if (perUserMfaState !== 'disabled') this.mfaStates.set(key, perUserMfaState);
    this.updatedAt.set(key, updatedAt);
    return user;
  }

  /** Deleting a user also takes it out of every group, as the directory does. */
  removeUser(id: string): boolean {
    const key = id.toLowerCase();
    const user = this.users.get(key);
    if (!user) return false;
    this.users.delete(key);
    this.upnIndex.delete(user.userPrincipalName.toLowerCase());
    this.phones.delete(key);
    this.methods.delete(key);
    this.mfaStates.delete(key);
    this.installedApps.delete(key);
    this.updatedAt.delete(key);
    for (const group of this.groups.values()) group.members.delete(key);
    this.membershipVersion++;
    return true;
  }

  /** By object id or by userPrincipalName, as `/users/{id | userPrincipalName}` accepts both. */
  findUser(idOrUpn: string): SimUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.get(key) ?? this.users.get(this.upnIndex.get(key) ?? '');
  }

  get userCount(): number {
    return this.users.size;
  }

  /** Every user in creation order. */
  *allUsers(fromIndex = 0): Generator<{ user: SimUser; index: number }> {
    for (let index = fromIndex; index < this.userOrder.length; index++) {
      const user = this.users.get(this.userOrder[index]!);
      if (user) yield { user, index };
    }
  }

  kindOf(id: string): DirectoryObjectKind | undefined {
    const key = id.toLowerCase();
    if (this.users.has(key)) return 'user';
    if (this.groups.has(key)) return 'group';
    return undefined;
  }

  // ---- groups ------------------------------------------------------------------------------

  addGroup(seed: SeedGroup): SimGroup {
    const key = seed.id.toLowerCase();
    if (this.groups.has(key)) throw new Error(`group ${seed.id} already exists`);
    const group: SimGroup = {
      id: seed.id,
      displayName: seed.displayName,
      mailNickname: seed.mailNickname ?? seed.displayName.replace(/[^A-Za-z0-9]/g, ''),
      members: new Set(seed.members.map((member) => member.toLowerCase())),
    };
    if (seed.description !== undefined) group.description = seed.description;
    this.groups.set(key, group);
    this.membershipVersion++;
    return group;
  }

  getGroup(id: string): SimGroup | undefined {
    return this.groups.get(id.toLowerCase());
  }

  allGroups(): IterableIterator<SimGroup> {
    return this.groups.values();
  }

  /** False when it was already a member (the caller decides whether that is an error). */
  addMember(groupId: string, memberId: string): boolean {
    const group = this.requireGroup(groupId);
    const key = memberId.toLowerCase();
    if (!this.kindOf(key)) throw new Error(`unknown directory object ${memberId}`);
    if (group.members.has(key)) return false;
    group.members.add(key);
    this.membershipVersion++;
    return true;
  }

  removeMember(groupId: string, memberId: string): boolean {
    const removed = this.requireGroup(groupId).members.delete(memberId.toLowerCase());
    if (removed) this.membershipVersion++;
    return removed;
  }

  isDirectMember(groupId: string, memberId: string): boolean {
    return this.getGroup(groupId)?.members.has(memberId.toLowerCase()) ?? false;
  }

  /** Direct members (users and groups), cached until membership changes. */
  directMemberIds(groupId: string): readonly string[] {
    const key = groupId.toLowerCase();
    const cached = this.directCache.get(key);
    if (cached && cached.version === this.membershipVersion) return cached.ids;
    const ids = [...this.requireGroup(groupId).members].filter((id) => this.kindOf(id));
    this.directCache.set(key, { version: this.membershipVersion, ids, set: new Set(ids) });
    return ids;
  }

  /**
   * Users reachable through nested groups, each once, in breadth-first order. Computed once per
   * membership version (O(members)) so that every page of a 100,000-user group is a slice.
   */
  transitiveUserIds(groupId: string): readonly string[] {
    return this.transitive(groupId).ids;
  }

  isTransitiveMember(groupId: string, userId: string): boolean {
    if (!this.getGroup(groupId)) return false;
    return this.transitive(groupId).set.has(userId.toLowerCase());
  }

  private transitive(groupId: string): MemberCache {
    const key = groupId.toLowerCase();
    const cached = this.transitiveCache.get(key);
    if (cached && cached.version === this.membershipVersion) return cached;
    const ids: string[] = [];
    const set = new Set<string>();
    const seenGroups = new Set<string>([key]);
    const queue = [this.requireGroup(groupId)];
    for (let head = 0; head < queue.length; head++) {
      for (const member of queue[head]!.members) {
        if (this.users.has(member)) {
          if (!set.has(member)) {
            set.add(member);
            ids.push(member);
          }
        } else {
          const nested = this.groups.get(member);
          if (nested && !seenGroups.has(member)) {
            seenGroups.add(member);
            queue.push(nested);
          }
        }
      }
    }
    const entry = { version: this.membershipVersion, ids, set };
    this.transitiveCache.set(key, entry);
    return entry;
  }

  private requireGroup(groupId: string): SimGroup {
    const group = this.getGroup(groupId);
    if (!group) throw new Error(`unknown group ${groupId}`);
    return group;
  }

  // ---- authentication methods --------------------------------------------------------------

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
    if (!this.users.has(key)) throw new Error(`unknown user ${userId}`);
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
    this.phones.set(key, kept);
    this.touch(key);
    return true;
  }

  /** Registered methods other than phones (Authenticator, passkeys, ...). */
  registeredMethodsOf(userId: string): string[] {
    return [...(this.methods.get(userId.toLowerCase()) ?? [])];
  }

  setRegisteredMethods(userId: string, methods: readonly string[]): void {
    const key = userId.toLowerCase();
    if (!this.users.has(key)) throw new Error(`unknown user ${userId}`);
    this.methods.set(key, [...new Set(methods)]);
    this.touch(key);
  }

  lastUpdated(userId: string): string {
    return this.updatedAt.get(userId.toLowerCase()) ?? new Date(0).toISOString();
  }

  private touch(key: string): void {
    this.updatedAt.set(key, new Date().toISOString());
  }

  // ---- per-user MFA (beta) -----------------------------------------------------------------

  perUserMfaState(userId: string): PerUserMfaState {
    return this.mfaStates.get(userId.toLowerCase()) ?? 'disabled';
  }

  setPerUserMfaState(userId: string, state: PerUserMfaState): void {
    this.mfaStates.set(userId.toLowerCase(), state);
  }

  // ---- Teams app installations -------------------------------------------------------------

  /** True when newly installed, false when it already was (Graph's 409). */
  installApp(userId: string, teamsAppId: string): boolean {
    const key = userId.toLowerCase();
    let apps = this.installedApps.get(key);
    if (!apps) {
      apps = new Set();
      this.installedApps.set(key, apps);
    }
    if (apps.has(teamsAppId)) return false;
    apps.add(teamsAppId);
    return true;
  }

  uninstallApp(userId: string, teamsAppId: string): boolean {
    return this.installedApps.get(userId.toLowerCase())?.delete(teamsAppId) ?? false;
  }

  /** Without an app id: whether any app is installed for the user. */
  isAppInstalled(userId: string, teamsAppId?: string): boolean {
    const apps = this.installedApps.get(userId.toLowerCase());
    if (!apps) return false;
    return teamsAppId === undefined ? apps.size > 0 : apps.has(teamsAppId);
  }

  /** An app permission policy now blocks (or, with false, allows again) the app for the user. */
  setAppBlocked(userId: string, teamsAppId: string, blocked = true): void {
    const key = userId.toLowerCase();
    const apps = this.blockedApps.get(key) ?? new Set<string>();
    if (blocked) apps.add(teamsAppId);
    else apps.delete(teamsAppId);
    if (apps.size) this.blockedApps.set(key, apps);
    else this.blockedApps.delete(key);
  }

  isAppBlocked(userId: string, teamsAppId: string): boolean {
    return this.blockedApps.get(userId.toLowerCase())?.has(teamsAppId) ?? false;
  }

  installedAppsOf(userId: string): string[] {
    return [...(this.installedApps.get(userId.toLowerCase()) ?? [])];
  }

  installationCount(): number {
    let count = 0;
    for (const apps of this.installedApps.values()) count += apps.size;
    return count;
  }
}

/** Only a primary mobile can be used for SMS sign-in; our tenant's policy does not enable it. */
function defaultSmsSignInState(type: PhoneType): string {
  return type === 'mobile' ? 'notEnabled' : 'notSupported';
}
