/**
 * A leaderboard held in memory: players sorted by points (then by id, for a stable order).
 * keyv has no sorted index, so the process that owns a guild keeps this, built once from the
 * store and updated on each write. Updates cost a binary search and one array splice; top-N and
 * rank queries cost a slice and a binary search, so they stay fast at 100,000 players.
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
    if (old !== undefined) this.entries.splice(this.positionOf(old, userId), 1);
    this.entries.splice(this.positionOf(points, userId), 0, { userId, points });
    this.pointsOf.set(userId, points);
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
