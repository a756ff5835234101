import type { PhoneType } from '../../rollout/directory';
import { AppInstallations } from './app-installations';
import { AuthenticationMethods, type SimPhone } from './authentication-methods';
import { Directory, type DirectoryObjectKind, type SimGroup, type SimUser } from './directory';
import type { PerUserMfaState, SampleTenant, SeedGroup, SeedUser } from './tenant-schema';

/**
 * The simulator's in-memory tenant: its directory (users, groups), each user's authentication
 * methods, and Teams app installations. Tests mutate it directly; the HTTP handlers go through the
 * same methods, so a test and the API can never disagree about what the tenant holds. Object ids are
 * case-insensitive in Graph, so every map is keyed by the lower-cased id.
 */
export class TenantState {
  private seedTenantId = '';
  private seedDomain = '';

  private readonly directory = new Directory();
  private readonly methods = new AuthenticationMethods();
  private readonly apps = new AppInstallations();

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
    this.directory.clear();
    this.methods.clear();
    this.apps.clear();
    this.seedTenantId = seed.tenantId;
    this.seedDomain = seed.domain;
    // One timestamp for the whole seed: a Date per user is most of the cost of loading 100,000 users.
    const loadedAt = new Date().toISOString();
    for (const user of seed.users) this.addUser(user, loadedAt);
    for (const group of seed.groups) this.addGroup(group);
  }

  // ---- users -------------------------------------------------------------------------------

  addUser(seed: SeedUser, updatedAt: string = new Date().toISOString()): SimUser {
    const {
      phoneMethods: _phones,
      registeredMethods: _methods,
      perUserMfaState: _mfa,
      notes: _notes,
      ...profile
    } = seed;
    const user = this.directory.addUser(profile);
    this.methods.seed(user.id, seed, updatedAt);
    return user;
  }

  /** Deleting a user also takes it out of every group, as the directory does. */
  removeUser(id: string): boolean {
    if (!this.directory.removeUser(id)) return false;
    this.methods.forget(id);
    this.apps.removeInstallations(id);
    return true;
  }

  /** By object id or by userPrincipalName, as `/users/{id | userPrincipalName}` accepts both. */
  findUser(idOrUpn: string): SimUser | undefined {
    return this.directory.findUser(idOrUpn);
  }

  get userCount(): number {
    return this.directory.userCount;
  }

  /** Every user in creation order. */
  allUsers(fromIndex = 0): Generator<{ user: SimUser; index: number }> {
    return this.directory.allUsers(fromIndex);
  }

  kindOf(id: string): DirectoryObjectKind | undefined {
    return this.directory.kindOf(id);
  }

  // ---- groups ------------------------------------------------------------------------------

  addGroup(seed: SeedGroup): SimGroup {
    return this.directory.addGroup(seed);
  }

  getGroup(id: string): SimGroup | undefined {
    return this.directory.getGroup(id);
  }

  allGroups(): IterableIterator<SimGroup> {
    return this.directory.allGroups();
  }

  /** False when it was already a member (the caller decides whether that is an error). */
  addMember(groupId: string, memberId: string): boolean {
    return this.directory.addMember(groupId, memberId);
  }

  removeMember(groupId: string, memberId: string): boolean {
    return this.directory.removeMember(groupId, memberId);
  }

  isDirectMember(groupId: string, memberId: string): boolean {
    return this.directory.isDirectMember(groupId, memberId);
  }

  /** Direct members (users and groups), cached until membership changes. */
  directMemberIds(groupId: string): readonly string[] {
    return this.directory.directMemberIds(groupId);
  }

  /** Users reachable through nested groups, each once, in breadth-first order. */
  transitiveUserIds(groupId: string): readonly string[] {
    return this.directory.transitiveUserIds(groupId);
  }

  isTransitiveMember(groupId: string, userId: string): boolean {
    return this.directory.isTransitiveMember(groupId, userId);
  }

  // ---- authentication methods --------------------------------------------------------------

  phonesOf(userId: string): SimPhone[] {
    return this.methods.phonesOf(userId);
  }

  phoneOf(userId: string, type: PhoneType): SimPhone | undefined {
    return this.methods.phoneOf(userId, type);
  }

  /** Stores the number as given: validation belongs to the API layer, seeds may be malformed. */
  setPhone(userId: string, type: PhoneType, phoneNumber: string): SimPhone {
    this.requireUser(userId);
    return this.methods.setPhone(userId, type, phoneNumber);
  }

  setSmsSignIn(userId: string, enabled: boolean): void {
    this.methods.setSmsSignIn(userId, enabled);
  }

  smsSignInHolder(phoneNumber: string, exceptUserId: string): string | undefined {
    return this.methods.smsSignInHolder(phoneNumber, exceptUserId);
  }

  deletePhone(userId: string, type: PhoneType): boolean {
    return this.methods.deletePhone(userId, type);
  }

  /** Registered methods other than phones (Authenticator, passkeys, ...). */
  registeredMethodsOf(userId: string): string[] {
    return this.methods.registeredMethodsOf(userId);
  }

  setRegisteredMethods(userId: string, methods: readonly string[]): void {
    this.requireUser(userId);
    this.methods.setRegisteredMethods(userId, methods);
  }

  lastUpdated(userId: string): string {
    return this.methods.lastUpdated(userId);
  }

  private requireUser(userId: string): void {
    if (!this.directory.hasUser(userId)) throw new Error(`unknown user ${userId}`);
  }

  // ---- per-user MFA (beta) -----------------------------------------------------------------

  perUserMfaState(userId: string): PerUserMfaState {
    return this.methods.perUserMfaState(userId);
  }

  setPerUserMfaState(userId: string, state: PerUserMfaState): void {
    this.methods.setPerUserMfaState(userId, state);
  }

  // ---- Teams app installations -------------------------------------------------------------

  /** True when newly installed, false when it already was (Graph's 409). */
  installApp(userId: string, teamsAppId: string): boolean {
    return this.apps.installApp(userId, teamsAppId);
  }

  uninstallApp(userId: string, teamsAppId: string): boolean {
    return this.apps.uninstallApp(userId, teamsAppId);
  }

  /** Without an app id: whether any app is installed for the user. */
  isAppInstalled(userId: string, teamsAppId?: string): boolean {
    return this.apps.isAppInstalled(userId, teamsAppId);
  }

  /** An app permission policy now blocks (or, with false, allows again) the app for the user. */
  setAppBlocked(userId: string, teamsAppId: string, blocked = true): void {
    this.apps.setAppBlocked(userId, teamsAppId, blocked);
  }

  isAppBlocked(userId: string, teamsAppId: string): boolean {
    return this.apps.isAppBlocked(userId, teamsAppId);
  }

  installedAppsOf(userId: string): string[] {
    return this.apps.installedAppsOf(userId);
  }

  installationCount(): number {
    return this.apps.installationCount();
  }
}
