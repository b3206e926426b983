/**
 * A leaderboard held in memory: players sorted by points (then by id, for a stable order).
 * keyv has no sorted index, so the process that owns a guild keeps this, built once from the
 * store (one sort) and updated on each write. An update costs a binary search and shifts only the
 * players between the old place and the new one; top-N and rank queries cost a slice and a
 * binary search, so they stay fast at 100,000 players (measured in bench/leaderboard.ts).
 */
export class Ranking {
  private readonly entries: { userId: string; points: number }[] = [];
  private readonly pointsOf = new Map<string, number>();

  /** How many players are ranked. */
  get size(): number {
    return this.entries.length;
  }

  /** Sets a player's points (absolute, not a delta, so replaying an update is harmless). */
  set(userId: string, points: number): void {
    const old = this.pointsOf.get(userId);
    if (old === points) return;
    this.pointsOf.set(userId, points);
    const entry = { userId, points };
    if (old === undefined) {
      this.entries.splice(this.positionOf(points, userId), 0, entry);
      return;
    }
    // Move the player from their old place to the new one, shifting only the players between:
    // a score usually moves a player a little, where two splices would shift the whole tail.
    const from = this.positionOf(old, userId);
    let to = this.positionOf(points, userId);
    if (to > from) to--; // the insertion point counted the player's own old entry
    // Plain loops: V8 runs them far faster than copyWithin or splice on an array of objects.
    const { entries } = this;
    for (let i = from; i > to; i--) entries[i] = entries[i - 1] as typeof entry;
    for (let i = from; i < to; i++) entries[i] = entries[i + 1] as typeof entry;
    entries[to] = entry;
  }

  /**
   * Replaces everyone at once, as when built from a scan of the store: one sort, where setting
   * the players one by one would shift the array once per player.
   */
  reset(players: Iterable<readonly [userId: string, points: number]>): void {
    this.clear();
    for (const [userId, points] of players) this.pointsOf.set(userId, points);
    for (const [userId, points] of this.pointsOf) this.entries.push({ userId, points });
    // The order of positionOf: more points first, then ids in code-unit order.
    this.entries.sort(
      (a, b) => b.points - a.points || (a.userId < b.userId ? -1 : a.userId > b.userId ? 1 : 0),
    );
  }

  /** Removes everyone (a new week). */
  clear(): void {
    this.entries.length = 0;
    this.pointsOf.clear();
  }

  /** The players from `offset`, at most `limit`, each with their competition rank ("1, 2, 2, 4"). */
  page(offset: number, limit: number): { userId: string; points: number; rank: number }[] {
    return this.entries
      .slice(offset, offset + limit)
      .map((e) => ({ ...e, rank: this.rankOfPoints(e.points) }));
  }

  /** A player's rank (1 + the number of players with more points), or undefined if unranked. */
  rank(userId: string): { rank: number; points: number } | undefined {
    const points = this.pointsOf.get(userId);
    return points === undefined ? undefined : { rank: this.rankOfPoints(points), points };
  }

  private rankOfPoints(points: number): number {
    // The first position whose points are <= points: everyone before it has more.
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if ((this.entries[mid] as { points: number }).points > points) low = mid + 1;
      else high = mid;
    }
    return low + 1;
  }

  /** Where (points, userId) sits, or would be inserted, in the sorted order. */
  private positionOf(points: number, userId: string): number {
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      const e = this.entries[mid] as { userId: string; points: number };
      if (e.points > points || (e.points === points && e.userId < userId)) low = mid + 1;
      else high = mid;
    }
    return low;
  }
}
