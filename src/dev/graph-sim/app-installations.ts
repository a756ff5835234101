/**
 * Teams apps installed for each user, and the apps an app permission policy keeps from them. Keyed
 * by the lower-cased user id.
 */
export class AppInstallations {
  private readonly installedApps = new Map<string, Set<string>>();
  /** Apps an app permission policy keeps from a user: Graph refuses to install them (403). */
  private readonly blockedApps = new Map<string, Set<string>>();

  clear(): void {
    this.installedApps.clear();
    this.blockedApps.clear();
  }

  /** A deleted user's installations go with them. */
  removeInstallations(userId: string): void {
    this.installedApps.delete(userId.toLowerCase());
  }

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
