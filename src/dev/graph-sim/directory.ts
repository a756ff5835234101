import type { SeedGroup } from './tenant-schema';

/**
 * The tenant's directory: users (by object id or userPrincipalName, in creation order) and groups
 * with nested membership. Object ids are case-insensitive in Graph, so every map is keyed by the
 * lower-cased id.
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
  /** Profile attribute (not an authentication method). */
  mobilePhone?: string;
  isAdmin: boolean;
  managerId?: string;
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

interface MemberCache {
  version: number;
  ids: string[];
  set: Set<string>;
}

export class Directory {
  private readonly users = new Map<string, SimUser>();
  private readonly upnIndex = new Map<string, string>();
  /** Creation order; removed users stay here and are skipped, so removal is O(1). */
  private readonly userOrder: string[] = [];
  private readonly groups = new Map<string, SimGroup>();

  /** Bumped by every membership change; member lists are cached per version so paging is O(page). */
  private membershipVersion = 0;
  private readonly transitiveCache = new Map<string, MemberCache>();
  private readonly directCache = new Map<string, MemberCache>();

  clear(): void {
    for (const map of [this.users, this.upnIndex, this.groups, this.transitiveCache, this.directCache]) {
      map.clear();
    }
    this.userOrder.length = 0;
    this.membershipVersion++;
  }

  // ---- users -------------------------------------------------------------------------------

  /** Keeps `user` itself (no copy): the caller hands over a fresh object. */
  addUser(user: SimUser): SimUser {
    const key = user.id.toLowerCase();
    if (this.users.has(key)) throw new Error(`user ${user.id} already exists`);
    this.users.set(key, user);
    this.upnIndex.set(user.userPrincipalName.toLowerCase(), key);
    this.userOrder.push(key);
    return user;
  }

  /** Deleting a user also takes it out of every group, as the directory does. */
  removeUser(id: string): boolean {
    const key = id.toLowerCase();
    const user = this.users.get(key);
    if (!user) return false;
    this.users.delete(key);
    this.upnIndex.delete(user.userPrincipalName.toLowerCase());
    for (const group of this.groups.values()) group.members.delete(key);
    this.membershipVersion++;
    return true;
  }

  /** By object id or by userPrincipalName, as `/users/{id | userPrincipalName}` accepts both. */
  findUser(idOrUpn: string): SimUser | undefined {
    const key = idOrUpn.toLowerCase();
    return this.users.get(key) ?? this.users.get(this.upnIndex.get(key) ?? '');
  }

  /** By object id only. */
  hasUser(id: string): boolean {
    return this.users.has(id.toLowerCase());
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
}
