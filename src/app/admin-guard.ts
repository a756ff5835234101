import type { Client } from '@microsoft/microsoft-graph-client';
import { checkMemberGroups } from '../graph/check-member-groups';
import { GraphRequestError } from '../graph/errors';
import { type AdminPolicy, decideAdmin, needsGroupLookup } from '../rollout/admin-policy';

const CACHE_MS = 5 * 60 * 1000;

/**
 * Admin commands are honoured only for configured admins or members of the admin group. Group
 * answers are cached briefly: one chat turn must not cost a Graph call per message.
 */
export class AdminGuard {
  private readonly cache = new Map<string, { member: boolean; until: number }>();

  constructor(
    private readonly policy: AdminPolicy,
    private readonly graph: Client,
  ) {}

  async isAdmin(userId: string | undefined): Promise<boolean> {
    let member: boolean | undefined;
    if (userId && needsGroupLookup(this.policy, userId)) {
      const cached = this.cache.get(userId);
      if (cached && cached.until > Date.now()) member = cached.member;
      else {
        member = await this.inAdminGroup(userId);
        this.cache.set(userId, { member, until: Date.now() + CACHE_MS });
      }
    }
    return decideAdmin(this.policy, userId, member).admin;
  }

  /** A user the directory does not know (a guest removed, a made-up id) is nobody's admin. */
  private async inAdminGroup(userId: string): Promise<boolean> {
    try {
      const groups = await checkMemberGroups(this.graph, userId, [this.policy.adminGroupId]);
      return groups.includes(this.policy.adminGroupId);
    } catch (error) {
      if (error instanceof GraphRequestError && error.status === 404) return false;
      throw error;
    }
  }
}
